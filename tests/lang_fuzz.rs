//! Property tests: no input, however malformed, makes the language front end panic (or
//! overflow its stack), and formatting is idempotent and preserves the model for every input
//! that parses. Inputs: random bytes, random soups of the language's tokens, and mutations
//! (deleted, duplicated, swapped or inserted tokens and lines) of every file in `models/`.
//! Fixed case counts keep the run to a few seconds; proptest's own seeding makes failures
//! reproducible through its regression files.

use eibal::lang::{self, Override};
use eibal::model::{Model, Origin};
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "model",
    "include",
    "param",
    "let",
    "neuron",
    "population",
    "connect",
    "drive",
    "motif",
    "use",
    "plasticity",
    "simulate",
    "sweep",
    "from",
    "to",
    "step",
    "in",
    "onto",
    "g",
    "J",
    "E",
    "I",
    "lif",
    "x",
    "lif_delta",
    "lif_exp",
    "lif_cond",
    "rate",
    "binary",
    "excitatory",
    "inhibitory",
    "mixed",
    "size",
    "indegree",
    "probability",
    "weight",
    "delay",
    "tau_m",
    "theta",
    "v_reset",
    "tau",
    "transfer",
    "tanh",
    "poisson",
    "constant",
    "step",
    "pulse",
    "normal",
    "uniform",
    "lognormal",
    "nernst",
    "Cl",
    "sqrt",
    "ln",
    "exp",
    "round",
    "min",
    "spikes",
    "rates",
    "record",
    "true",
    "false",
    "dendrite",
    "scaling",
    "0",
    "1",
    "2.5",
    "1e3",
    "1e400",
    "0.0",
    "-",
    "+",
    "*",
    "/",
    "^",
    "=",
    "->",
    ":",
    ",",
    ".",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "mV",
    "ms",
    "Hz",
    "pA",
    "nS",
    "pF",
    "mM",
    "degC",
    "K",
    "\"missing.ei\"",
    "// c",
    "\n",
    "%",
    "é",
];

fn model_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["models", "models/lib"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ei") {
                let text = std::fs::read_to_string(&p).expect("read model");
                out.push((p.to_string_lossy().into_owned(), text));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 12, "models/ went missing");
    out
}

fn strip(mut m: Model) -> Model {
    let o = Origin::default;
    m.params.iter_mut().for_each(|p| p.origin = o());
    m.definitions.iter_mut().for_each(|p| p.origin = o());
    m.neurons.iter_mut().for_each(|p| p.origin = o());
    m.populations.iter_mut().for_each(|p| p.origin = o());
    m.projections.iter_mut().for_each(|p| p.origin = o());
    m.drives.iter_mut().for_each(|p| p.origin = o());
    m.plasticity.iter_mut().for_each(|p| p.origin = o());
    m
}

/// Runs everything the front end offers on `text`; panics only on a broken property.
fn exercise(text: &str, name: &str) {
    let compiled = lang::compile_source(text, name, &[]);
    let set = [Override::Text {
        name: "g".into(),
        expr: text.chars().take(40).collect(),
    }];
    let _ = lang::compile_source(text, name, &set);
    if let Ok(formatted) = lang::format_source(text, name) {
        let again = lang::format_source(&formatted, name)
            .unwrap_or_else(|e| panic!("formatted text does not parse:\n{formatted}\n{e}"));
        assert_eq!(again, formatted, "fmt is not idempotent for:\n{text}");
        let recompiled = lang::compile_source(&formatted, name, &[]);
        match (compiled, recompiled) {
            (Ok(a), Ok(b)) => assert_eq!(strip(a), strip(b), "fmt changed the model of:\n{text}"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!(
                "fmt changed whether the model checks:\n{text}\n---\n{formatted}\n{:?}\n{:?}",
                a.err().map(|e| e.to_string()),
                b.err().map(|e| e.to_string())
            ),
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteWords { at: usize, len: usize },
    DuplicateLine { at: usize },
    SwapLines { a: usize, b: usize },
    SwapWords { a: usize, b: usize },
    InsertToken { at: usize, token: usize },
    DeleteChars { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..4usize).prop_map(|(at, len)| Mutation::DeleteWords { at, len }),
        any::<usize>().prop_map(|at| Mutation::DuplicateLine { at }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapWords { a, b }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(at, token)| Mutation::InsertToken { at, token }),
        (any::<usize>(), 1..6usize).prop_map(|(at, len)| Mutation::DeleteChars { at, len }),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let words = |s: &str| -> Vec<String> { s.split(' ').map(str::to_string).collect() };
    let mut all: Vec<String> = words(text);
    match *m {
        Mutation::DeleteWords { at, len } => {
            let at = at % all.len().max(1);
            let end = (at + len).min(all.len());
            all.drain(at..end);
            all.join(" ")
        }
        Mutation::DuplicateLine { at } if !lines.is_empty() => {
            let at = at % lines.len();
            let l = lines[at].clone();
            lines.insert(at, l);
            lines.join("\n")
        }
        Mutation::SwapLines { a, b } if !lines.is_empty() => {
            let n = lines.len();
            lines.swap(a % n, b % n);
            lines.join("\n")
        }
        Mutation::SwapWords { a, b } if !all.is_empty() => {
            let n = all.len();
            all.swap(a % n, b % n);
            all.join(" ")
        }
        Mutation::InsertToken { at, token } => {
            let at = at % (all.len() + 1);
            all.insert(at, TOKENS[token % TOKENS.len()].to_string());
            all.join(" ")
        }
        Mutation::DeleteChars { at, len } => {
            let chars: Vec<char> = text.chars().collect();
            let at = at % chars.len().max(1);
            let end = (at + len).min(chars.len());
            chars[..at].iter().chain(&chars[end..]).collect()
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        exercise(&text, "fuzz.ei");
    }

    #[test]
    fn token_soups_never_panic(picks in proptest::collection::vec(0..TOKENS.len(), 0..80),
                               gaps in proptest::collection::vec(0..3usize, 80)) {
        let mut text = String::new();
        for (i, p) in picks.iter().enumerate() {
            text.push_str(TOKENS[*p]);
            text.push_str([" ", "", "\n"][gaps[i % gaps.len()]]);
        }
        exercise(&text, "soup.ei");
    }

    #[test]
    fn mutated_models_never_panic(file in 0..64usize,
                                  mutations in proptest::collection::vec(mutation(), 1..4)) {
        let files = model_files();
        let (name, text) = &files[file % files.len()];
        let mut text = text.clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        exercise(&text, name);
    }
}

#[test]
fn pathological_inputs_are_errors_not_crashes() {
    let cases = [
        // Deep nesting at and beyond the limit.
        format!("let x = {}1{}", "(".repeat(32), ")".repeat(32)),
        format!("let x = {}1{}", "(".repeat(5000), ")".repeat(5000)),
        format!("let x = {}", "[".repeat(100_000)),
        // A very long flat chain: stored flat, evaluated without recursion.
        format!("let x = 1{}", " + 1".repeat(100_000)),
        format!("let x = 2{}", " * 2".repeat(5000)),
        // Motifs that use themselves, or blow up exponentially.
        "motif m(a) { use m(a) }\nuse m(1)".to_string(),
        {
            let mut s = String::from("motif m0(a) { }\n");
            for i in 1..20 {
                s.push_str(&format!("motif m{i}(a) {{ use m{}(a) use m{}(a) }}\n", i - 1, i - 1));
            }
            s.push_str("use m19(1)\n");
            s
        },
        // A file that includes itself, and one that includes a directory.
        "include \"models/brunel2000.ei\"".to_string(),
        "include \".\"".to_string(),
        "let x = 1e308 * 10\nlet y = ln(0)\nlet z = sqrt(-1)\nlet w = 0 / 0".to_string(),
        "neuron n = binary { tau = 1 ms, theta = 0 }\npopulation A : n, excitatory { size = 1e9 }\n\
         simulate { record = [spikes(A, 1e9)] }\nsweep x from 0 to 1 step 1e-12"
            .to_string(),
    ];
    for text in &cases {
        let r = lang::compile_source(text, "pathological.ei", &[]);
        let _ = lang::format_source(text, "pathological.ei");
        if let Err(e) = &r {
            assert_eq!(e.exit_code(), 2, "{e}");
        }
    }
    // An endless or huge include is refused after a bounded read.
    if std::path::Path::new("/dev/zero").exists() {
        let e = lang::compile_source("include \"/dev/zero\"", "z.ei", &[]).expect_err("zero");
        assert!(e.to_string().contains("too large for a model file"), "{e}");
    }
    // The self-including model reports a cycle.
    let own = std::fs::read_to_string("models/brunel2000.ei").expect("read");
    let text = format!("include \"brunel2000.ei\"\n{own}");
    let e = lang::compile_source(&text, "models/brunel2000.ei", &[]).expect_err("cycle");
    assert!(e.to_string().contains("include cycle"), "{e}");
}
