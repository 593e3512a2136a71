//! A bounded, deterministic fuzz run on the stable toolchain: the real content
//! files, mutated a few thousand ways, through the loader. Nothing may panic
//! and every problem must name the file and a line. Inputs that once broke
//! this live in tests/fixtures/fuzz-regressions/ and are run every time.
//! (The open-ended fuzzer is fuzz/, with cargo-fuzz: see docs/errors.md.)

mod common;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use common::{fixture, repo_root};
use hyoka::content::fuzz::check_bytes;

const MUTATIONS: usize = 20_000;

/// YAML that staff might type by accident, or an attacker on purpose.
const SYNTAX: &[&str] = &[
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "\"",
    "'",
    "\t",
    "\n---\n",
    "? ",
    "!!str ",
    "<<: *a",
    "#",
    "|",
    ">-",
    "~",
    "null",
    "1e999",
    ".nan",
    "0x1F",
    "\u{FEFF}",
    "\r",
    "％",
    "  ",
    "\n  - ",
    ": [",
    "\\",
    "!",
    "%YAML 1.2\n",
];

/// xorshift64*: small, deterministic, and enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = ["content/2023", "content/kpis", "content/plans"]
        .iter()
        .flat_map(|dir| fs::read_dir(repo_root().join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    files.push(repo_root().join("site.yaml"));
    files.sort();
    files.iter().map(|path| fs::read(path).unwrap()).collect()
}

fn mutate(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let len = rng.below(200).min(other.len() - from);
                bytes.splice(at..at, other[from..from + len].iter().copied());
            }
            3 => {
                let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
                let line = lines[rng.below(lines.len())];
                let mut copy = line.to_vec();
                copy.push(b'\n');
                bytes.splice(at..at, copy);
            }
            _ => {
                let token = SYNTAX[rng.below(SYNTAX.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    bytes
}

/// Runs one input, turning a panic into a message that keeps the input.
fn run(bytes: &[u8], what: &str) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| check_bytes(bytes))).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        let kept = std::env::temp_dir().join(format!("hyoka-fuzz-{}.yaml", std::process::id()));
        fs::write(&kept, bytes).unwrap();
        format!(
            "{what}: {message}\ninput kept in {}; add it to tests/fixtures/fuzz-regressions/",
            kept.display()
        )
    })
}

#[test]
fn mutated_content_never_panics_and_every_problem_is_located() {
    let seeds = seeds();
    let mut rng = Rng(0x4879_6f6b_6132_3032);
    for seed in &seeds {
        run(seed, "an unmutated file").unwrap();
    }
    for n in 0..MUTATIONS {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed, &seeds);
        run(&input, &format!("mutation {n}")).unwrap();
    }
}

#[test]
fn inputs_that_once_broke_the_loader_stay_fixed() {
    let dir = fixture("fuzz-regressions");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            run(&fs::read(&path).unwrap(), &path.display().to_string()).unwrap();
        }
    }
}
