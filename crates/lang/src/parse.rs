//! Source text to syntax tree: the pest grammar in `grammar/ei.pest`, then a walk over its
//! pairs. Parse errors are translated into plain words ("expected `=` or a unit, found
//! `weight`"); raw pest output never reaches the user.

use super::ast::*;
use super::diagnostics::Diagnostic;
use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/ei.pest"]
struct EiParser;

/// Deepest nesting of `( [ {` accepted. Deeper input is refused before parsing, so that no
/// input can exhaust the stack of the recursive-descent parser or of the tree walks.
pub const MAX_NESTING: usize = 32;

/// Largest source accepted (bytes): far beyond any model, small enough to parse in a moment.
pub const MAX_SOURCE_LEN: usize = 4 << 20;

/// Most parse errors reported for one file: after the first, the parser skips to the next
/// statement and tries again, so independent typos are all shown in one run.
pub const MAX_PARSE_ERRORS: usize = 10;

/// Parses one file. `file` tags every span. On failure, all syntax errors found by
/// statement-level recovery (see [`recover`]), first one first.
pub fn parse_program(text: &str, file: FileId) -> Result<Program, Vec<Diagnostic>> {
    check_size_and_nesting(text, file).map_err(|d| vec![d])?;
    let mut pairs = match EiParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => return Err(recover(text, file, &e)),
    };
    let builder = Builder { file, text };
    let mut statements = Vec::new();
    if let Some(file_pair) = pairs.next() {
        for p in file_pair.into_inner() {
            if p.as_rule() != Rule::EOI {
                statements.push(builder.statement(p).map_err(|d| vec![d])?);
            }
        }
    }
    Ok(Program {
        file,
        statements,
        comments: scan_comments(text, file),
    })
}

/// Statement-level error recovery. pest stops at the first error, so the statement holding
/// it (from the last line that starts a statement at column 1 before the error, to the next
/// such line at or after it) is blanked out, byte for byte with spaces so every position
/// stays where it was, and the file is parsed again; repeated up to [`MAX_PARSE_ERRORS`]
/// times. Only statements that begin at column 1 (as `eibal fmt` writes them) are resumption
/// points, so a motif body or a block is never split and no follow-on error is invented.
fn recover(text: &str, file: FileId, first: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let starts = statement_line_starts(text);
    let mut diagnostics = vec![translate_error(first, text, file)];
    let mut position = error_position(first, text);
    let mut bytes = text.as_bytes().to_vec();
    while diagnostics.len() < MAX_PARSE_ERRORS {
        let from = starts
            .iter()
            .rev()
            .find(|&&s| s < position)
            .copied()
            .unwrap_or(0);
        let Some(resume) = starts.iter().find(|&&r| r >= position && r > from).copied() else {
            break;
        };
        for b in &mut bytes[from..resume] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        // Whole lines of bytes were replaced by ASCII spaces, so the text is still UTF-8.
        let Ok(rest) = std::str::from_utf8(&bytes) else {
            break;
        };
        match EiParser::parse(Rule::file, rest) {
            Ok(_) => break,
            Err(e) => {
                position = error_position(&e, rest);
                if position < resume {
                    break;
                }
                diagnostics.push(translate_error(&e, rest, file));
            }
        }
    }
    diagnostics
}

fn error_position(e: &pest::error::Error<Rule>, text: &str) -> usize {
    match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
    .min(text.len())
}

/// Byte offsets of the lines that begin, at column 1, with a statement keyword.
fn statement_line_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let begins_statement = STATEMENT_WORDS.iter().any(|w| {
            line.strip_prefix(w).is_some_and(|after| {
                !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            })
        });
        if begins_statement {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
}

/// Parses a lone expression (the value of a `--set name=value`).
pub fn parse_expression(text: &str, file: FileId) -> Result<Expr, Diagnostic> {
    check_size_and_nesting(text, file)?;
    // `expression ~ EOI` through a tiny wrapper: parse, then insist the whole text was used.
    let mut pairs =
        EiParser::parse(Rule::expression, text).map_err(|e| translate_error(&e, text, file))?;
    let Some(pair) = pairs.next() else {
        return Err(Diagnostic::at(
            span0(file, 0, text.len()),
            "expected a value",
        ));
    };
    let end = pair.as_span().end();
    if !text[end..].trim().is_empty() {
        let start = end + (text[end..].len() - text[end..].trim_start().len());
        return Err(Diagnostic::at(
            span0(file, start, text.len()),
            "unexpected text after the value",
        ));
    }
    Builder { file, text }.expression(pair)
}

fn span0(file: FileId, start: usize, end: usize) -> Span {
    Span { file, start, end }
}

fn check_size_and_nesting(text: &str, file: FileId) -> Result<(), Diagnostic> {
    if text.len() > MAX_SOURCE_LEN {
        return Err(Diagnostic::at(
            span0(file, 0, 0),
            format!(
                "file too large ({} bytes; at most {MAX_SOURCE_LEN})",
                text.len()
            ),
        ));
    }
    let mut depth = 0usize;
    let mut in_comment = false;
    let mut in_string = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_comment {
            in_comment = b != b'\n';
            continue;
        }
        if in_string {
            in_string = b != b'"' && b != b'\n';
            continue;
        }
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => in_comment = true,
            b'"' => in_string = true,
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::at(
                        span0(file, i, i + 1),
                        format!("brackets nested too deeply (more than {MAX_NESTING} levels)"),
                    )
                    .with_help("split the expression with `let` definitions"));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// `//` comments outside strings, in order.
fn scan_comments(text: &str, file: FileId) -> Vec<Comment> {
    let mut comments = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            in_string = b != b'"' && b != b'\n';
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            comments.push(Comment {
                text: text[i..end].trim_end().to_string(),
                span: span0(file, i, end),
            });
            i = end;
            continue;
        }
        i += 1;
    }
    comments
}

/// The words that begin statements.
const STATEMENT_WORDS: &[&str] = &[
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
];

fn rule_words(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "end of file",
        name | name_list => "a name",
        number => "a number",
        expression | term | factor | power | operand | exponent | quantity | reference | call
        | list | parenthesized | argument => "a value",
        string => "a file name in double quotes",
        unit | unit_after_value => "a unit",
        kw_model | kw_include | kw_param | kw_let | kw_neuron | kw_population | kw_connect
        | kw_drive | kw_motif | kw_use | kw_plasticity | kw_simulate | kw_sweep
        | model_declaration | include_statement | param_statement | let_statement
        | neuron_statement | population_statement | connect_statement | drive_statement
        | motif_statement | use_statement | plasticity_statement | simulate_statement
        | sweep_statement => "a statement (`param`, `let`, `neuron`, `population`, `connect`, ...)",
        kw_onto => "`onto`",
        kw_from => "`from`",
        kw_to => "`to`",
        kw_step => "`step`",
        kw_in => "`in`",
        sweep_axis | sweep_range | sweep_list => "a sweep axis (`name from a to b step c`)",
        block | open_brace => "`{`",
        setting => "a setting (`name = value`)",
        equals => "`=`",
        colon => "`:`",
        comma => "`,`",
        arrow => "`->`",
        close_brace => "`}`",
        open_paren => "`(`",
        close_paren => "`)`",
        open_bracket => "`[`",
        close_bracket => "`]`",
        minus => "`-`",
        add_operator | multiply_operator | power_operator => "an operator",
        _ => return None,
    })
}

fn translate_error(e: &pest::error::Error<Rule>, text: &str, file: FileId) -> Diagnostic {
    use pest::error::ErrorVariant;
    let pos = error_position(e, text);
    let mut expected: Vec<&str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &e.variant {
        for r in positives {
            if let Some(w) = rule_words(*r)
                && !expected.contains(&w)
            {
                expected.push(w);
            }
        }
    }
    let statement = rule_words(Rule::kw_param).unwrap_or_default();
    if expected.contains(&statement) {
        expected.retain(|w| *w != "end of file");
    }
    let (found, len) = token_at(text, pos);
    let message = if expected.is_empty() {
        format!("unexpected {found}")
    } else {
        format!("expected {}, found {found}", join_or(&expected))
    };
    let mut d = Diagnostic::at(span0(file, pos, pos + len), message);
    let starts_statement = STATEMENT_WORDS
        .iter()
        .any(|w| found == format!("a name `{w}`"));
    let word = text.get(pos..pos + len).unwrap_or("");
    if expected.contains(&statement) && found.starts_with("a name") {
        // Perhaps a misspelt keyword: "did you mean `param`?"
        let n = word.chars().count();
        let limit = if n < 3 { 0 } else { (n / 2).min(3) };
        d = d.suggest_within(word, STATEMENT_WORDS.iter().copied(), limit);
    }
    let after = text.get(pos + len..).unwrap_or("").trim_start();
    if d.help.is_none()
        && expected.contains(&statement)
        && found.starts_with("a name")
        && after.starts_with('=')
    {
        d = d.with_help(format!(
            "a definition starts with `let` or `param`: `let {word} = ...`"
        ));
    }
    if d.help.is_some() {
        return d;
    }
    if expected.contains(&"`}`") && starts_statement {
        d = d.with_help("a `{` block is not closed: add `}` before this line");
    } else if found.starts_with("a name")
        && (expected.contains(&"`,`") || expected.contains(&"`}`"))
        && !expected.contains(&"a name")
    {
        d = d.with_help("separate settings with commas or new lines");
    }
    d
}

/// A plain description of the token at `pos` and its byte length.
fn token_at(text: &str, pos: usize) -> (String, usize) {
    let rest = &text[pos..];
    let Some(c) = rest.chars().next() else {
        return ("end of file".to_string(), 0);
    };
    if c.is_ascii_alphabetic() || c == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let len = word.len();
        return (format!("a name `{word}`"), len);
    }
    if c.is_ascii_digit() {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let len = word.len();
        return (format!("the number `{word}`"), len);
    }
    if c == '\n' || c == '\r' {
        return ("end of line".to_string(), 1);
    }
    if c.is_control() || !c.is_ascii() {
        return (format!("character U+{:04X}", c as u32), c.len_utf8());
    }
    (format!("`{c}`"), c.len_utf8())
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

struct Builder<'t> {
    file: FileId,
    text: &'t str,
}

/// The end of the last character of `text[start..end]` that is neither white space nor part
/// of a `//` comment (pest spans include the white space and comments skipped after a rule).
fn significant_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut last = start;
    let mut i = start;
    let mut in_string = false;
    while i < end.min(bytes.len()) {
        let b = bytes[i];
        if in_string {
            in_string = b != b'"' && b != b'\n';
            last = i + 1;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < end && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            last = i + 1;
        }
        i += 1;
    }
    last
}

type PResult<T> = Result<T, Diagnostic>;

impl Builder<'_> {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        let end = significant_end(self.text, s.start(), s.end());
        span0(self.file, s.start(), end.max(s.start()))
    }

    fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    /// The children that carry meaning (punctuation and keywords dropped).
    fn meaningful<'a>(&self, p: Pair<'a, Rule>) -> Vec<Pair<'a, Rule>> {
        p.into_inner()
            .filter(|c| {
                !matches!(
                    c.as_rule(),
                    Rule::equals
                        | Rule::colon
                        | Rule::comma
                        | Rule::arrow
                        | Rule::open_brace
                        | Rule::close_brace
                        | Rule::open_paren
                        | Rule::close_paren
                        | Rule::open_bracket
                        | Rule::close_bracket
                        | Rule::kw_model
                        | Rule::kw_include
                        | Rule::kw_param
                        | Rule::kw_let
                        | Rule::kw_neuron
                        | Rule::kw_population
                        | Rule::kw_connect
                        | Rule::kw_drive
                        | Rule::kw_motif
                        | Rule::kw_use
                        | Rule::kw_plasticity
                        | Rule::kw_simulate
                        | Rule::kw_sweep
                        | Rule::kw_onto
                        | Rule::kw_from
                        | Rule::kw_to
                        | Rule::kw_step
                        | Rule::kw_in
                )
            })
            .collect()
    }

    fn statement(&self, p: Pair<Rule>) -> PResult<Stmt> {
        let span = self.span(&p);
        let rule = p.as_rule();
        let mut c = self.meaningful(p).into_iter();
        let mut next = || {
            c.next().ok_or_else(|| {
                Diagnostic::at(span, "internal: incomplete statement in the syntax tree")
            })
        };
        let kind = match rule {
            Rule::model_declaration => StmtKind::Model(self.ident(next()?)),
            Rule::include_statement => {
                let s = next()?;
                let path_span = self.span(&s);
                let raw = s.as_str();
                StmtKind::Include {
                    path: raw[1..raw.len() - 1].to_string(),
                    path_span,
                }
            }
            Rule::param_statement => StmtKind::Param {
                name: self.ident(next()?),
                value: self.expression(next()?)?,
            },
            Rule::let_statement => StmtKind::Let {
                name: self.ident(next()?),
                value: self.expression(next()?)?,
            },
            Rule::neuron_statement => StmtKind::Neuron {
                name: self.ident(next()?),
                kind: self.ident(next()?),
                block: self.block(next()?)?,
            },
            Rule::population_statement => StmtKind::Population {
                name: self.ident(next()?),
                neuron: self.ident(next()?),
                sign: self.ident(next()?),
                block: self.block(next()?)?,
            },
            Rule::connect_statement => StmtKind::Connect {
                source: self.ident(next()?),
                targets: self.name_list(next()?),
                block: self.block(next()?)?,
            },
            Rule::drive_statement => {
                let targets = self.name_list(next()?);
                let mut inputs = Vec::new();
                while let Ok(call) = next() {
                    inputs.push(self.operand_inner(call)?);
                }
                StmtKind::Drive { targets, inputs }
            }
            Rule::motif_statement => {
                let name = self.ident(next()?);
                let mut params = Vec::new();
                let mut body = Vec::new();
                while let Ok(x) = next() {
                    if x.as_rule() == Rule::name {
                        params.push(self.ident(x));
                    } else {
                        body.push(self.statement(x)?);
                    }
                }
                StmtKind::Motif { name, params, body }
            }
            Rule::use_statement => StmtKind::Use {
                call: self.operand_inner(next()?)?,
            },
            Rule::plasticity_statement => {
                let rule = self.ident(next()?);
                let target = self.ident(next()?);
                let x = next()?;
                let (from, block) = if x.as_rule() == Rule::name_list {
                    (Some(self.name_list(x)), self.block(next()?)?)
                } else {
                    (None, self.block(x)?)
                };
                StmtKind::Plasticity {
                    rule,
                    target,
                    from,
                    block,
                }
            }
            Rule::simulate_statement => StmtKind::Simulate {
                block: self.block(next()?)?,
            },
            Rule::sweep_statement => {
                let mut axes = Vec::new();
                while let Ok(axis) = next() {
                    axes.push(self.sweep_axis(axis)?);
                }
                StmtKind::Sweep { axes }
            }
            _ => return Err(Diagnostic::at(span, "internal: unknown statement")),
        };
        Ok(Stmt { kind, span })
    }

    fn sweep_axis(&self, p: Pair<Rule>) -> PResult<SweepAxis> {
        let span = self.span(&p);
        let inner = p
            .into_inner()
            .next()
            .ok_or_else(|| Diagnostic::at(span, "internal: empty sweep axis"))?;
        let is_range = inner.as_rule() == Rule::sweep_range;
        let mut c = self.meaningful(inner).into_iter();
        let mut next = || {
            c.next()
                .ok_or_else(|| Diagnostic::at(span, "internal: sweep"))
        };
        let param = self.ident(next()?);
        let range = if is_range {
            SweepRange::Range {
                from: Box::new(self.expression(next()?)?),
                to: Box::new(self.expression(next()?)?),
                step: Box::new(self.expression(next()?)?),
            }
        } else {
            SweepRange::List(self.operand_inner(next()?)?)
        };
        Ok(SweepAxis { param, range })
    }

    fn name_list(&self, p: Pair<Rule>) -> Vec<Ident> {
        self.meaningful(p)
            .into_iter()
            .map(|n| self.ident(n))
            .collect()
    }

    fn block(&self, p: Pair<Rule>) -> PResult<Block> {
        let span = self.span(&p);
        let mut settings = Vec::new();
        for s in self.meaningful(p) {
            let sspan = self.span(&s);
            let mut c = self.meaningful(s).into_iter();
            let (Some(k), Some(v)) = (c.next(), c.next()) else {
                return Err(Diagnostic::at(sspan, "internal: incomplete setting"));
            };
            settings.push(Setting {
                key: self.ident(k),
                value: self.expression(v)?,
                span: sspan,
            });
        }
        Ok(Block { settings, span })
    }

    /// `expression`, `term`: flat chains of one precedence level.
    fn expression(&self, p: Pair<Rule>) -> PResult<Expr> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expression | Rule::term => {
                let mut it = p.into_inner();
                let first = match it.next() {
                    Some(x) => self.expression(x)?,
                    None => return Err(Diagnostic::at(span, "internal: empty expression")),
                };
                let mut rest = Vec::new();
                while let (Some(op), Some(x)) = (it.next(), it.next()) {
                    let op = match op.as_str() {
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" => BinOp::Mul,
                        _ => BinOp::Div,
                    };
                    rest.push((op, self.expression(x)?));
                }
                if rest.is_empty() {
                    return Ok(first);
                }
                Ok(Expr {
                    kind: ExprKind::Chain {
                        first: Box::new(first),
                        rest,
                    },
                    span,
                })
            }
            Rule::factor | Rule::exponent => {
                let mut it = p.into_inner().peekable();
                let negative = it.peek().is_some_and(|x| x.as_rule() == Rule::minus);
                if negative {
                    it.next();
                }
                let inner = match it.next() {
                    Some(x) => self.expression(x)?,
                    None => return Err(Diagnostic::at(span, "internal: empty factor")),
                };
                if negative {
                    Ok(Expr {
                        kind: ExprKind::Neg(Box::new(inner)),
                        span,
                    })
                } else {
                    Ok(inner)
                }
            }
            Rule::power => {
                let mut it = p.into_inner();
                let base = match it.next() {
                    Some(x) => self.expression(x)?,
                    None => return Err(Diagnostic::at(span, "internal: empty power")),
                };
                let _op = it.next();
                match it.next() {
                    Some(e) => Ok(Expr {
                        kind: ExprKind::Power {
                            base: Box::new(base),
                            exponent: Box::new(self.expression(e)?),
                        },
                        span,
                    }),
                    None => Ok(base),
                }
            }
            Rule::operand => {
                let mut it = p.into_inner();
                let inner = match it.next() {
                    Some(x) => self.operand_inner(x)?,
                    None => return Err(Diagnostic::at(span, "internal: empty operand")),
                };
                match it.next() {
                    Some(u) => Ok(Expr {
                        kind: ExprKind::UnitAfterValue {
                            operand: Box::new(inner),
                            unit: self.ident(u),
                        },
                        span,
                    }),
                    None => Ok(inner),
                }
            }
            _ => self.operand_inner(p),
        }
    }

    fn operand_inner(&self, p: Pair<Rule>) -> PResult<Expr> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::quantity => {
                let mut it = p.into_inner();
                let Some(num) = it.next() else {
                    return Err(Diagnostic::at(span, "internal: empty number"));
                };
                let text = num.as_str().to_string();
                let value: f64 = text
                    .parse()
                    .map_err(|_| Diagnostic::at(span, format!("`{text}` is not a number")))?;
                if !value.is_finite() {
                    return Err(Diagnostic::at(
                        self.span(&num),
                        format!("the number `{text}` is too large"),
                    ));
                }
                // A nonzero literal below the smallest normal double (about 2.2e-308) would
                // silently become 0 or lose digits: as much an error as one above 1.8e308.
                let mantissa = text.split(['e', 'E']).next().unwrap_or("");
                let nonzero = mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
                if nonzero && value.abs() < f64::MIN_POSITIVE {
                    return Err(Diagnostic::at(
                        self.span(&num),
                        format!(
                            "the number `{text}` is too small (below 2.2e-308 it cannot be \
                             represented); write 0 if you mean zero"
                        ),
                    ));
                }
                ExprKind::Number {
                    text,
                    value,
                    unit: it.next().map(|u| self.ident(u)),
                }
            }
            Rule::reference => {
                let mut it = p.into_inner();
                let Some(name) = it.next() else {
                    return Err(Diagnostic::at(span, "internal: empty reference"));
                };
                ExprKind::Ref {
                    name: self.ident(name),
                    field: it.next().map(|f| self.ident(f)),
                }
            }
            Rule::call => {
                let mut c = self.meaningful(p).into_iter();
                let Some(func) = c.next() else {
                    return Err(Diagnostic::at(span, "internal: empty call"));
                };
                let mut args = Vec::new();
                for a in c {
                    let mut parts = self.meaningful(a);
                    let value = match parts.pop() {
                        Some(v) => self.expression(v)?,
                        None => return Err(Diagnostic::at(span, "internal: empty argument")),
                    };
                    let name = parts.pop().map(|n| self.ident(n));
                    args.push(Arg { name, value });
                }
                ExprKind::Call {
                    func: self.ident(func),
                    args,
                }
            }
            Rule::list => ExprKind::List(
                self.meaningful(p)
                    .into_iter()
                    .map(|e| self.expression(e))
                    .collect::<PResult<_>>()?,
            ),
            Rule::parenthesized => {
                let Some(inner) = self.meaningful(p).into_iter().next() else {
                    return Err(Diagnostic::at(span, "internal: empty parentheses"));
                };
                ExprKind::Paren(Box::new(self.expression(inner)?))
            }
            Rule::string => {
                let raw = p.as_str();
                ExprKind::Str(raw[1..raw.len() - 1].to_string())
            }
            _ => return self.expression(p),
        };
        Ok(Expr { kind, span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_small_model() {
        let src = "model m\nparam g = 5 // c\nlet x = -g * 2 mV / (1 + 3)^2\n\
                   neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV }\n\
                   sweep g from 3 to 8 step 0.5";
        let p = parse_program(src, FileId(0)).expect("parses");
        assert_eq!(p.statements.len(), 5);
        assert_eq!(p.comments.len(), 1);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let src = format!("let x = {}1{}", "(".repeat(100), ")".repeat(100));
        let e = parse_program(&src, FileId(0)).expect_err("too deep");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.contains("nested too deeply"),
            "{}",
            e[0].message
        );
    }

    /// Line (1-based) of a diagnostic's start in `src`.
    fn line_of(src: &str, d: &Diagnostic) -> usize {
        src[..d.span.expect("placed").start].matches('\n').count() + 1
    }

    #[test]
    fn independent_syntax_errors_are_all_reported_at_their_lines() {
        let src = "model m\n\
                   param g 5\n\
                   param eta = 2\n\
                   neuron n = lif_delta { tau_m = 20 ms theta = 20 mV }\n\
                   population E : n, excitatory { size = 10 }\n\
                   connect E -> { weight = 1 mV }\n\
                   let ok = 3\n";
        let e = parse_program(src, FileId(0)).expect_err("three errors");
        let lines: Vec<usize> = e.iter().map(|d| line_of(src, d)).collect();
        assert_eq!(lines, vec![2, 4, 6], "{e:?}");
    }

    #[test]
    fn an_unclosed_block_does_not_swallow_the_next_statement() {
        // The brace of line 2 is never closed; the parser meets `population` on line 3. That
        // is one error (line 3's statement is fine), not a cascade.
        let src = "model m\nneuron n = lif_delta { tau_m = 20 ms\n\
                   population E : n, excitatory { size = 10 }\n";
        let e = parse_program(src, FileId(0)).expect_err("one error");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(line_of(src, &e[0]), 3);
    }

    #[test]
    fn an_error_inside_an_indented_motif_body_is_reported_once() {
        let src = "model m\nmotif f(a, b) {\n    connect a -> b { weight = }\n    \
                   connect b -> a { weight = 1 }\n}\nparam x = 1\n";
        let e = parse_program(src, FileId(0)).expect_err("one error");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(line_of(src, &e[0]), 3);
    }
}
