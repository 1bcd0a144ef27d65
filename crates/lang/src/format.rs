//! The canonical printer behind `eibal fmt`: one statement per line, single spaces around
//! operators and `=`, a space between a number and its unit, blocks on one line when they fit
//! in [`MAX_WIDTH`] columns and hold no comment, otherwise one setting per line with a
//! trailing comma. Comments are kept: a comment on its own line stays before what follows
//! it, a comment at the end of a line stays at the end of that line. At most one blank
//! line is kept between statements. `fmt(fmt(x)) == fmt(x)`.

use super::ast::*;

/// Longest line a block is kept on before it is split into one setting per line.
pub const MAX_WIDTH: usize = 100;
const INDENT: &str = "    ";

pub fn format_program(program: &Program, source: &str) -> String {
    let mut p = Printer {
        out: String::new(),
        comments: &program.comments,
        next: 0,
        source,
        last_end: 0,
        trailing_at: Vec::new(),
    };
    for (i, stmt) in program.statements.iter().enumerate() {
        p.leading(stmt.span.start, 0, i > 0);
        p.statement(stmt, 0);
        p.trailing(stmt.span.end);
        p.out.push('\n');
    }
    // Comments after the last statement.
    p.leading(source.len() + 1, 0, !program.statements.is_empty());
    let aligned = align_trailing_comments(&p.out, &p.trailing_at);
    let mut out = aligned.trim_end().to_string();
    out.push('\n');
    if out.trim().is_empty() {
        return String::new();
    }
    out
}

struct Printer<'a> {
    out: String,
    comments: &'a [Comment],
    next: usize,
    source: &'a str,
    /// End of the last thing printed from the source (for blank-line detection).
    last_end: usize,
    /// Output line index and byte column of each end-of-line comment.
    trailing_at: Vec<(usize, usize)>,
}

/// Lines up the end-of-line comments of consecutive lines (two spaces after the longest
/// code among them), as gofmt does.
fn align_trailing_comments(text: &str, marks: &[(usize, usize)]) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let col_of: std::collections::HashMap<usize, usize> = marks.iter().copied().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !col_of.contains_key(&i) {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && col_of.contains_key(&j) {
            j += 1;
        }
        let split = |k: usize| {
            let line = lines[k];
            let col = col_of[&k].min(line.len());
            let (code, comment) = line.split_at(col);
            (code.trim_end(), comment.trim_start())
        };
        let width = (i..j)
            .map(|k| split(k).0.chars().count())
            .max()
            .unwrap_or(0);
        for k in i..j {
            let (code, comment) = split(k);
            let pad = width - code.chars().count() + 2;
            out.push(format!("{code}{}{comment}", " ".repeat(pad)));
        }
        i = j;
    }
    out.join("\n")
}

impl Printer<'_> {
    fn blank_between(&self, from: usize, to: usize) -> bool {
        let from = from.min(self.source.len());
        let to = to.min(self.source.len()).max(from);
        let gap = self.source.get(from..to).unwrap_or("");
        let mut newlines = 0;
        for c in gap.chars() {
            if c == '\n' {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            } else if !c.is_whitespace() {
                newlines = 0;
            }
        }
        false
    }

    /// Prints the comments that start before `pos`, each on its own line, keeping one
    /// blank line where the source had one (if `blank_ok`).
    fn leading(&mut self, pos: usize, depth: usize, blank_ok: bool) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= pos {
                break;
            }
            if blank_ok && self.blank_between(self.last_end, c.span.start) {
                self.out.push('\n');
            }
            self.out.push_str(&INDENT.repeat(depth));
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = c.span.end;
            self.next += 1;
        }
        if blank_ok && pos <= self.source.len() && self.blank_between(self.last_end, pos) {
            self.out.push('\n');
        }
        if pos <= self.source.len() {
            self.last_end = pos;
        }
    }

    /// Appends a comment that follows `end` on the same line (only spaces or a comma
    /// between).
    fn trailing(&mut self, end: usize) {
        if let Some(c) = self.comments.get(self.next) {
            let gap = self.source.get(end..c.span.start).unwrap_or("\n");
            if c.span.start >= end && gap.chars().all(|ch| ch == ' ' || ch == '\t' || ch == ',') {
                let line = self.out.matches('\n').count();
                let col = self.out.len() - self.out.rfind('\n').map_or(0, |n| n + 1);
                self.trailing_at.push((line, col));
                self.out.push_str("  ");
                self.out.push_str(&c.text);
                self.last_end = c.span.end;
                self.next += 1;
                return;
            }
        }
        self.last_end = self.last_end.max(end);
    }

    fn has_comment_in(&self, span: Span) -> bool {
        self.comments[self.next..]
            .iter()
            .any(|c| c.span.start >= span.start && c.span.start < span.end)
    }

    fn statement(&mut self, stmt: &Stmt, depth: usize) {
        let indent = INDENT.repeat(depth);
        self.out.push_str(&indent);
        match &stmt.kind {
            StmtKind::Model(n) => self.out.push_str(&format!("model {}", n.name)),
            StmtKind::Include { path, .. } => self.out.push_str(&format!("include \"{path}\"")),
            StmtKind::Param { name, value } => {
                self.out
                    .push_str(&format!("param {} = {}", name.name, expr(value)));
            }
            StmtKind::Let { name, value } => {
                self.out
                    .push_str(&format!("let {} = {}", name.name, expr(value)));
            }
            StmtKind::Neuron { name, kind, block } => {
                let head = format!("neuron {} = {}", name.name, kind.name);
                self.block(&head, block, depth);
            }
            StmtKind::Population {
                name,
                neuron,
                sign,
                block,
            } => {
                let head = format!("population {} : {}, {}", name.name, neuron.name, sign.name);
                self.block(&head, block, depth);
            }
            StmtKind::Connect {
                source,
                targets,
                block,
            } => {
                let head = format!("connect {} -> {}", source.name, names(targets));
                self.block(&head, block, depth);
            }
            StmtKind::Drive { targets, inputs } => {
                let head = format!("drive {}", names(targets));
                let items: Vec<(String, Span)> = inputs.iter().map(|e| (expr(e), e.span)).collect();
                self.items(&head, &items, stmt.span, depth);
            }
            StmtKind::Motif { name, params, body } => {
                self.out
                    .push_str(&format!("motif {}({}) {{\n", name.name, names(params)));
                self.last_end = body.first().map_or(stmt.span.start, |_| self.last_end);
                for (i, s) in body.iter().enumerate() {
                    self.leading(s.span.start, depth + 1, i > 0);
                    self.statement(s, depth + 1);
                    self.trailing(s.span.end);
                    self.out.push('\n');
                }
                self.leading(stmt.span.end.saturating_sub(1), depth + 1, false);
                self.out.push_str(&indent);
                self.out.push('}');
            }
            StmtKind::Use { call } => self.out.push_str(&format!("use {}", expr(call))),
            StmtKind::Plasticity {
                rule,
                target,
                from,
                block,
            } => {
                let mut head = format!("plasticity {} onto {}", rule.name, target.name);
                if let Some(list) = from {
                    head.push_str(&format!(" from [{}]", names(list)));
                }
                self.block(&head, block, depth);
            }
            StmtKind::Simulate { block } => self.block("simulate", block, depth),
            StmtKind::Sweep { axes } => {
                let parts: Vec<String> = axes
                    .iter()
                    .map(|a| match &a.range {
                        SweepRange::Range { from, to, step } => format!(
                            "{} from {} to {} step {}",
                            a.param.name,
                            expr(from),
                            expr(to),
                            expr(step)
                        ),
                        SweepRange::List(list) => format!("{} in {}", a.param.name, expr(list)),
                    })
                    .collect();
                self.out.push_str(&format!("sweep {}", parts.join(", ")));
            }
        }
    }

    fn block(&mut self, head: &str, block: &Block, depth: usize) {
        let items: Vec<(String, Span)> = block
            .settings
            .iter()
            .map(|s| (format!("{} = {}", s.key.name, expr(&s.value)), s.span))
            .collect();
        self.items(head, &items, block.span, depth);
    }

    /// `head { a, b }` on one line, or one item per line.
    fn items(&mut self, head: &str, items: &[(String, Span)], span: Span, depth: usize) {
        let one_line = if items.is_empty() {
            format!("{head} {{}}")
        } else {
            let texts: Vec<&str> = items.iter().map(|(t, _)| t.as_str()).collect();
            format!("{head} {{ {} }}", texts.join(", "))
        };
        let width = depth * INDENT.len() + one_line.len();
        if width <= MAX_WIDTH && !self.has_comment_in(span) && !one_line.contains('\n') {
            self.out.push_str(&one_line);
            self.last_end = span.end;
            return;
        }
        self.out.push_str(head);
        self.out.push_str(" {\n");
        for (text, item_span) in items {
            self.leading(item_span.start, depth + 1, false);
            self.out.push_str(&INDENT.repeat(depth + 1));
            self.out.push_str(text);
            self.out.push(',');
            self.trailing(item_span.end);
            self.out.push('\n');
        }
        // Comments left inside the block go before its closing brace.
        self.leading(span.end.saturating_sub(1), depth + 1, false);
        self.out.push_str(&INDENT.repeat(depth));
        self.out.push('}');
        self.last_end = span.end;
    }
}

fn names(list: &[Ident]) -> String {
    list.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An expression in canonical form.
pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number { text, unit, .. } => match unit {
            Some(u) => format!("{text} {}", u.name),
            None => text.clone(),
        },
        ExprKind::Ref { name, field } => match field {
            Some(f) => format!("{}.{}", name.name, f.name),
            None => name.name.clone(),
        },
        ExprKind::Call { func, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!("{} = {}", n.name, expr(&a.value)),
                    None => expr(&a.value),
                })
                .collect();
            format!("{}({})", func.name, args.join(", "))
        }
        ExprKind::List(items) => {
            let items: Vec<String> = items.iter().map(expr).collect();
            format!("[{}]", items.join(", "))
        }
        ExprKind::Paren(inner) => format!("({})", expr(inner)),
        ExprKind::Str(s) => format!("\"{s}\""),
        ExprKind::Neg(inner) => format!("-{}", expr(inner)),
        ExprKind::Chain { first, rest } => {
            let mut s = expr(first);
            for (op, x) in rest {
                s.push_str(&format!(" {} {}", op.symbol(), expr(x)));
            }
            s
        }
        ExprKind::Power { base, exponent } => format!("{}^{}", expr(base), expr(exponent)),
        ExprKind::UnitAfterValue { operand, unit } => format!("{} {}", expr(operand), unit.name),
    }
}
