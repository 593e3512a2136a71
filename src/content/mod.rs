//! Reading a site's files into the content model and checking them.

pub mod files;
pub mod fuzz;
pub mod lineage;
pub mod load;
mod locate;
pub mod model;
pub mod number;
mod recover;
pub mod series;
mod site_config;
mod tree;
pub mod validate;
pub mod yaml;

pub use load::{Section, Site, load};
