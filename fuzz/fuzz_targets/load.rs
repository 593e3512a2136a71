//! Feeds arbitrary bytes to the loader as each kind of file a site holds:
//! it must never panic, and every problem must name the file and a line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    hyoka::content::fuzz::check_bytes(bytes);
});
