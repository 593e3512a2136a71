//! Reading a site's files into the content model and checking them.

pub mod figures;
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
mod text_loss;
mod tree;
pub mod validate;
pub mod yaml;

pub use load::{Section, Site, load};

#[cfg(test)]
mod tests {
    /// The model and its figures come before rendering in the pipeline: an
    /// import of `render` from here would make the two depend on each other.
    #[test]
    fn content_never_imports_render() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/content");
        let files = walkdir::WalkDir::new(&folder)
            .into_iter()
            .map(Result::unwrap);
        for entry in files.filter(|entry| entry.file_type().is_file()) {
            let path = entry.path();
            let name = path.strip_prefix(&folder).unwrap().display().to_string();
            // The language check still asks the theme which locales exist.
            if name == "site_config.rs" {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            assert!(
                !text.contains(concat!("crate::", "render")),
                "src/content/{name} imports from render/"
            );
        }
    }
}
