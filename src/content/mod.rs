//! Reading a site's files into the content model and checking them.

pub mod fuzz;
pub mod load;
mod locate;
pub mod model;
pub mod number;
mod site_config;
pub mod validate;
pub mod yaml;

pub use load::{Section, Site, load};
