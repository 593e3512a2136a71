//! A year's search index taken from an earlier build when that year's goals
//! are unchanged: the same bytes as an index built afresh, and never one made
//! from other records or with a file that is not what its manifest says.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use common::{copy_tree, files, fixture};
use hyoka::render::search::{EarlierOutput, MANIFEST, search_files};

fn build_into(root: &Path, out: &Path) {
    hyoka::build(&hyoka::BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        ..Default::default()
    })
    .unwrap();
}

fn edit_2023(root: &Path) {
    let file = root.join("content/2023/soudan.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replacen("    title: ", "    title: 改訂 ", 1);
    assert_ne!(text, edited);
    fs::write(&file, edited).unwrap();
}

fn index_of(files: &BTreeMap<String, Vec<u8>>, year: u16) -> BTreeMap<String, Vec<u8>> {
    let dir = format!("pagefind/{year}/");
    files
        .iter()
        .filter(|(path, _)| path.starts_with(&dir))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

#[test]
fn a_rebuild_that_reuses_a_year_index_writes_what_a_fresh_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("two-years"), &root);
    let out = dir.path().join("public");
    build_into(&root, &out);
    let before = files(&out);
    assert!(before.contains_key(&format!("pagefind/2022/{MANIFEST}")));

    edit_2023(&root);
    // Twice: once reusing the untouched year from the output, once with the spare present too.
    build_into(&root, &out);
    build_into(&root, &out);
    let rebuilt = files(&out);

    let fresh_out = dir.path().join("fresh");
    build_into(&root, &fresh_out);
    let fresh = files(&fresh_out);
    assert!(rebuilt == fresh, "a rebuild differs from a fresh build");
    assert_eq!(index_of(&before, 2022), index_of(&fresh, 2022));
    assert_ne!(
        index_of(&before, 2023),
        index_of(&fresh, 2023),
        "the edited year was indexed again"
    );
}

/// A site as a preview holds it, with one file of the 2022 index replaced by
/// `bytes` and the manifest saying so when `listed`.
fn with_2022_file_replaced(
    site: &BTreeMap<String, Vec<u8>>,
    bytes: &[u8],
    listed: bool,
) -> Earlier {
    let mut files = site.clone();
    let manifest_path = format!("pagefind/2022/{MANIFEST}");
    let manifest = String::from_utf8(files[&manifest_path].clone()).unwrap();
    let line = manifest.lines().nth(1).unwrap();
    let (old_digest, name) = line.split_once(' ').unwrap();
    files.insert(format!("pagefind/2022/{name}"), bytes.to_vec());
    if listed {
        use sha1::Digest;
        let digest: String = sha1::Sha1::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let manifest = manifest.replace(old_digest, &digest);
        files.insert(manifest_path, manifest.into_bytes());
    }
    Earlier(
        files
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
            .collect(),
    )
}

struct Earlier(BTreeMap<String, Arc<Vec<u8>>>);

#[test]
fn a_year_index_is_taken_only_from_the_same_records_with_every_file_as_listed() {
    let root = fixture("two-years");
    let (site, _) = hyoka::content::load(&root).unwrap();
    let fresh = search_files(&site, &[]).unwrap();
    let first_file = |files: &BTreeMap<String, Vec<u8>>| {
        let manifest = String::from_utf8(files[&format!("pagefind/2022/{MANIFEST}")].clone());
        let name = manifest
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .split_once(' ')
            .unwrap()
            .1
            .to_owned();
        files[&format!("pagefind/2022/{name}")].clone()
    };

    // Listed in the manifest: taken as it is, which shows the year was not indexed again.
    let earlier = with_2022_file_replaced(&fresh, b"earlier", true);
    let reused = search_files(&site, &[&earlier.0 as &dyn EarlierOutput]).unwrap();
    assert_eq!(first_file(&reused), b"earlier");
    assert_eq!(index_of(&reused, 2023), index_of(&fresh, 2023));

    // Not what the manifest says (a damaged or hand-edited file): indexed again.
    let damaged = with_2022_file_replaced(&fresh, b"damaged", false);
    let rebuilt = search_files(&site, &[&damaged.0 as &dyn EarlierOutput]).unwrap();
    assert_eq!(rebuilt, fresh);

    // Other records: indexed again, whatever the earlier files are.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root, dir.path());
    let file = dir.path().join("content/2022/madoguchi.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("予約制を広げます。", "予約制を広げ、案内を増やします。", 1),
    )
    .unwrap();
    let (edited, _) = hyoka::content::load(dir.path()).unwrap();
    let indexed = search_files(&edited, &[&earlier.0 as &dyn EarlierOutput]).unwrap();
    assert_ne!(first_file(&indexed), b"earlier");
    assert_eq!(indexed, search_files(&edited, &[]).unwrap());
}
