//! What `cargo install --path .` gives a user besides building: the version, shell completions and
//! manual pages, all made from the same command-line definition as `--help`.

use assert_cmd::Command;

fn hyoka(args: &[&str]) -> String {
    let output = Command::cargo_bin("hyoka")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "hyoka {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

const COMMANDS: [&str; 7] = [
    "build",
    "check",
    "import",
    "serve",
    "init",
    "completions",
    "man",
];

#[test]
fn version_is_the_package_version() {
    assert_eq!(
        hyoka(&["--version"]),
        format!("hyoka {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_offer_every_command_and_flag() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = hyoka(&["completions", shell]);
        for word in COMMANDS
            .iter()
            .chain(&["base-url", "timings", "mapping", "bind"])
        {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    // bash offers the flags of the command being typed.
    let bash = hyoka(&["completions", "bash"]);
    assert!(bash.contains("complete -F _hyoka"), "{bash}");
}

#[test]
fn man_pages_for_hyoka_and_each_command() {
    let dir = tempfile::tempdir().unwrap();
    hyoka(&["man", "--out", dir.path().to_str().unwrap()]);
    let page = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let main = page("hyoka.1");
    assert!(main.starts_with(".ie"), "not roff: {main:.80}");
    assert!(main.contains(".TH hyoka 1"), "{main:.300}");
    for command in COMMANDS {
        let text = page(&format!("hyoka-{command}.1"));
        assert!(
            text.contains(&format!(".TH hyoka-{command} 1")),
            "{text:.300}"
        );
        assert!(main.contains(command), "hyoka(1) does not list {command}");
    }
    // A command's page carries its flags with their help text.
    let check = page("hyoka-check.1");
    assert!(
        check.contains("root") && check.contains("The site folder"),
        "{check}"
    );
    // Without --out, hyoka(1) is printed, the same page.
    assert_eq!(hyoka(&["man"]), main);
}
