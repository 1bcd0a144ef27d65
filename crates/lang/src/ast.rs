//! The syntax tree of a `.ei` file, with source spans for diagnostics and the formatter.
//!
//! Sums and products are stored flat (`Chain`), so a long chain such as `1 + 1 + ... + 1` does
//! not nest: the tree is only as deep as the parentheses, brackets and calls, which the
//! parser limits (see `parse::MAX_NESTING`).

/// Index of a source text in the [`super::source::SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub usize);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The smallest span covering both (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal as written (`text`), its value, and an optional unit.
    Number {
        text: String,
        value: f64,
        unit: Option<Ident>,
    },
    /// A name, or a field of a named thing (`lif.tau_m`, `E.size`).
    Ref {
        name: Ident,
        field: Option<Ident>,
    },
    /// `f(a, b = c)`: functions, distributions, drives, record items.
    Call {
        func: Ident,
        args: Vec<Arg>,
    },
    List(Vec<Expr>),
    Paren(Box<Expr>),
    Str(String),
    Neg(Box<Expr>),
    /// `first op1 e1 op2 e2 ...`, all operators of one precedence level.
    Chain {
        first: Box<Expr>,
        rest: Vec<(BinOp, Expr)>,
    },
    Power {
        base: Box<Expr>,
        exponent: Box<Expr>,
    },
    /// A unit written after something that is not a number literal (`J mV`): an error the
    /// checker reports in plain words.
    UnitAfterValue {
        operand: Box<Expr>,
        unit: Ident,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub key: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub settings: Vec<Setting>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SweepRange {
    Range {
        from: Box<Expr>,
        to: Box<Expr>,
        step: Box<Expr>,
    },
    List(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SweepAxis {
    pub param: Ident,
    pub range: SweepRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Model(Ident),
    Include {
        path: String,
        path_span: Span,
    },
    Param {
        name: Ident,
        value: Expr,
    },
    Let {
        name: Ident,
        value: Expr,
    },
    Neuron {
        name: Ident,
        kind: Ident,
        block: Block,
    },
    Population {
        name: Ident,
        neuron: Ident,
        sign: Ident,
        block: Block,
    },
    Connect {
        source: Ident,
        targets: Vec<Ident>,
        block: Block,
    },
    Drive {
        targets: Vec<Ident>,
        inputs: Vec<Expr>,
    },
    Motif {
        name: Ident,
        params: Vec<Ident>,
        body: Vec<Stmt>,
    },
    Use {
        call: Expr,
    },
    Plasticity {
        rule: Ident,
        target: Ident,
        from: Option<Vec<Ident>>,
        block: Block,
    },
    Simulate {
        block: Block,
    },
    Sweep {
        axes: Vec<SweepAxis>,
    },
}

/// A parsed file: its statements and its `//` comments (kept for the formatter).
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub file: FileId,
    pub statements: Vec<Stmt>,
    pub comments: Vec<Comment>,
}

/// A `//` comment: its text (including `//`) and span.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}
