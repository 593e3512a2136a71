//! Reading a site's files into the content model and checking them.

pub mod load;
pub mod model;
mod site_config;
pub mod validate;
mod locate;
pub mod fuzz;
pub mod yaml;

pub use load::{Section, Site, load};
