//! Reading a site's files into the content model and checking them.

pub mod load;
pub mod model;
pub mod validate;

pub use load::{Section, Site, load};
