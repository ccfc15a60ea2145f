//! What a derivation may use beyond the rules: definitions (built-in ones such as
//! `tanh`, and the user's `let`s). It answers the question every calculus rule asks,
//! "does this depend on that variable?", looking through definitions.

use crate::derivation::{Condition, Relation};
use crate::error::{Error, InputError, Span};
use crate::expr::{self, free_indices, rename_index, Builtin, Expr, Func, Index, Node, Symbol};
use crate::parse::{parse_expr, Names};
use crate::reason::{Kind, Part, Reason};
use std::rc::Rc;

/// What a definition defines.
#[derive(Clone, Debug, PartialEq)]
pub enum Head {
    /// `f(u, v) = body`: a function and its parameters.
    Function { func: Func, params: Vec<Symbol> },
    /// `p_j = body`: a symbol, whose index variables are parameters.
    Symbol(Symbol),
}

/// `head = body`, with the name a proof step prints ("definition of tanh").
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub head: Head,
    pub body: Expr,
}

impl Definition {
    /// How a proof refers to this definition: the word `tanh`, the formula `p_j`.
    pub fn name(&self) -> Part {
        match &self.head {
            Head::Function { func, .. } => Part::Words(func.name().to_string().into()),
            Head::Symbol(s) => Part::Math(Expr::symbol(s.clone())),
        }
    }

    /// The definition applied to `e`, when `e` is an instance of its head.
    pub fn unfold(&self, e: &Expr) -> Option<Expr> {
        match (&self.head, e.node()) {
            (Head::Function { func, params }, Node::Call(f, args)) if f == func => {
                let mut out = self.body.clone();
                // Substitute through fresh placeholders so `f(y, x)` swaps correctly.
                let temps: Vec<Symbol> = (0..params.len())
                    .map(|i| Symbol::plain(&format!("\u{0}{i}")))
                    .collect();
                for (p, t) in params.iter().zip(&temps) {
                    out = substitute(&out, p, &Expr::symbol(t.clone()));
                }
                for (t, a) in temps.iter().zip(args) {
                    out = substitute(&out, t, a);
                }
                Some(out)
            }
            (Head::Symbol(head), Node::Sym(s))
                if head.name == s.name && head.indices.len() == s.indices.len() =>
            {
                let mut out = self.body.clone();
                for (from, to) in head.indices.iter().zip(&s.indices) {
                    if let Index::Var(from) = from {
                        out = rename_index(&out, from, to);
                    } else if from != to {
                        return None;
                    }
                }
                Some(out)
            }
            _ => None,
        }
    }
}

/// An equation a step may use to rewrite its left side into its right side: an
/// assumption, a proven lemma, or the fact a case distinction rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// How a step that uses it says so: "assumption `sum_j y_j = 1`", "by (1)",
    /// "since `i = j`".
    pub name: Reason,
    pub lhs: Expr,
    pub rhs: Expr,
    /// Free indices of `lhs` that stand for any index (a lemma about `p_j` and `x_i`
    /// also holds for `p_k` and `x_m`); empty for an assumption about fixed indices.
    pub params: Vec<Rc<str>>,
    pub kind: FactKind,
}

/// Where a fact comes from, which decides how checks sample points for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactKind {
    /// Assumed by the user: check points are drawn to satisfy it.
    Assumption,
    /// Proven earlier: holds at every point.
    Lemma,
    /// The condition of one branch of a case distinction.
    Case,
}

/// Definitions in force and the facts steps may use.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The definitions, built-in and the user's, in the order they were given.
    pub definitions: Vec<Definition>,
    /// Assumptions, lemmas and case conditions a step may use.
    pub facts: Vec<Fact>,
    /// Assumed conditions such as `x > 0`: checks draw only points that meet them.
    pub conditions: Vec<Condition>,
    /// Vectors assumed one-hot (`assume y one-hot`): one entry 1, the others 0.
    pub one_hot: Vec<Rc<str>>,
}

/// What an assumption states: a fact steps may use (`sum_j y_j = 1`), a condition
/// on the domain (`x > 0`), or a one-hot vector (`y one-hot`).
#[derive(Clone, Debug, PartialEq)]
pub enum Assumed {
    Fact(Expr),
    Condition(Condition),
    OneHot(Rc<str>),
}

impl Context {
    /// The built-in functions that are defined through others: what a proof unfolds
    /// to show an identity "from the definitions".
    pub fn with_builtin_definitions() -> Context {
        let u = Symbol::plain("u");
        let x = || Expr::symbol(u.clone());
        let exp = |e: Expr| expr::call1(Builtin::Exp, e);
        let def = |b: Builtin, body: Expr| Definition {
            head: Head::Function {
                func: Func::Builtin(b),
                params: vec![u.clone()],
            },
            body,
        };
        Context {
            definitions: vec![
                def(
                    Builtin::Tanh,
                    expr::div(
                        expr::sub(exp(x()), exp(expr::neg(x()))),
                        expr::add(vec![exp(x()), exp(expr::neg(x()))]),
                    ),
                ),
                def(
                    Builtin::Sigma,
                    expr::div(
                        Expr::one(),
                        expr::add(vec![Expr::one(), exp(expr::neg(x()))]),
                    ),
                ),
                def(
                    Builtin::Tan,
                    expr::div(
                        expr::call1(Builtin::Sin, x()),
                        expr::call1(Builtin::Cos, x()),
                    ),
                ),
                def(
                    Builtin::Sinh,
                    expr::div(expr::sub(exp(x()), exp(expr::neg(x()))), Expr::int(2)),
                ),
                def(
                    Builtin::Cosh,
                    expr::div(expr::add(vec![exp(x()), exp(expr::neg(x()))]), Expr::int(2)),
                ),
            ],
            ..Context::default()
        }
    }

    /// Add an assumption: `lhs = rhs` such as `sum_j y_j = 1`, a condition
    /// `expr > 0`, `expr >= 0` or `expr != 0`, or `y one-hot`.
    pub fn add_assumption(&mut self, src: &str, names: &Names) -> Result<Assumed, Error> {
        if let Some(vector) = src.trim().strip_suffix("one-hot") {
            let vector = vector.trim();
            let valid = !vector.is_empty()
                && vector.chars().all(|c| c.is_ascii_alphabetic())
                && vector
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic());
            if !valid {
                return Err(Error::Input(InputError::new(
                    "`one-hot` follows the name of a vector, as in `y one-hot`",
                    Span::new(0, src.len()),
                )));
            }
            self.one_hot.push(vector.into());
            return Ok(Assumed::OneHot(vector.into()));
        }
        let relation = match (src.find("!="), src.find('>')) {
            (Some(at), _) => Some((at, Relation::NonZero, &src[at + 2..])),
            (None, Some(at)) => Some(match src[at + 1..].strip_prefix('=') {
                Some(rest) => (at, Relation::NonNegative, rest),
                None => (at, Relation::Positive, &src[at + 1..]),
            }),
            (None, None) => None,
        };
        if let Some((at, relation, rest)) = relation {
            let offset = src.len() - rest.len();
            let expr = parse_expr(&src[..at], names)?;
            let bound = parse_expr(rest, names).map_err(|mut e| {
                e.span = Span::new(e.span.start + offset, e.span.end + offset);
                e
            })?;
            let expr = if bound.is_zero() {
                expr
            } else {
                expr::sub(expr, bound)
            };
            let condition = Condition { expr, relation };
            Condition::add_to(&mut self.conditions, condition.clone());
            return Ok(Assumed::Condition(condition));
        }
        let (lhs, rhs) = parse_equation(src, names)?;
        if !can_sample(&lhs) {
            return Err(Error::Input(InputError::new(
                "an assumption must have the form `sum_k y_k = c`, `name = value`, `expr > 0`, `expr != 0` or `y one-hot`, so that checks can draw points satisfying it",
                Span::new(0, src.len()),
            )));
        }
        if let Some(other) = self
            .facts
            .iter()
            .find(|f| f.params.is_empty() && f.lhs.canonical() == lhs.canonical())
        {
            if other.rhs.canonical() != rhs.canonical() {
                return Err(Error::Input(InputError::new(
                    format!(
                        "this assumption contradicts `{}`",
                        expr::equation(other.lhs.clone(), other.rhs.clone())
                    ),
                    Span::new(0, src.len()),
                )));
            }
        }
        let fact = expr::equation(lhs.clone(), rhs.clone());
        self.facts.push(Fact {
            name: Reason::new(Kind::Assumption, "assumption ").math(fact.clone()),
            lhs,
            rhs,
            params: Vec::new(),
            kind: FactKind::Assumption,
        });
        Ok(Assumed::Fact(fact))
    }

    /// Add a proven equation that steps may cite as "by (name)"; its free indices
    /// may be renamed when it is used.
    pub fn add_lemma(&mut self, name: &str, src: &str, names: &Names) -> Result<(), Error> {
        let (lhs, rhs) = parse_equation(src, names)?;
        let params = free_indices(&lhs);
        self.facts.push(Fact {
            name: Reason::new(Kind::Lemma, format!("by ({name})")),
            lhs,
            rhs,
            params,
            kind: FactKind::Lemma,
        });
        Ok(())
    }

    /// Is the symbol defined by `def` known through a lemma about its derivative? Then
    /// a proof cites the lemma instead of unfolding the definition.
    pub fn is_opaque(&self, def: &Definition) -> bool {
        let Head::Symbol(head) = &def.head else {
            return false;
        };
        self.facts.iter().any(|f| match f.lhs.node() {
            Node::Deriv(body, _) => body.as_symbol().is_some_and(|s| s.name == head.name),
            _ => false,
        })
    }

    /// The same context without the definitions of built-in functions: tanh and sigma
    /// stay whole and are differentiated by their known derivatives.
    pub fn without_builtin_definitions(&self) -> Context {
        Context {
            definitions: self
                .definitions
                .iter()
                .filter(|d| {
                    !matches!(
                        d.head,
                        Head::Function {
                            func: Func::Builtin(_),
                            ..
                        }
                    )
                })
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// `e` with every definition unfolded, down to built-in functions: what a numeric
    /// check evaluates.
    pub fn unfold_all(&self, e: &Expr) -> Expr {
        let mut e = e.clone();
        // Definitions cannot refer to themselves, so this ends; the bound is a guard.
        for _ in 0..32 {
            let mut names = Vec::new();
            let next = self.unfold_at(&e, false, &mut names);
            if names.is_empty() {
                break;
            }
            e = next;
        }
        e
    }

    /// Unfold every defined node of `e`, outermost first and once, adding the name of
    /// each definition used to `names`; with `keep_opaque`, a symbol a lemma about its
    /// derivative stands for stays folded.
    pub fn unfold_at(&self, e: &Expr, keep_opaque: bool, names: &mut Vec<Part>) -> Expr {
        e.map_top_down_shared(&mut |n| {
            let def = self
                .definition_of(n)
                .filter(|d| !(keep_opaque && self.is_opaque(d)))?;
            let body = def.unfold(n)?;
            let name = def.name();
            if !names.contains(&name) {
                names.push(name);
            }
            Some(body)
        })
    }

    /// The definition whose head `e` is an instance of.
    pub fn definition_of(&self, e: &Expr) -> Option<&Definition> {
        match e.node() {
            Node::Call(..) | Node::Sym(_) => {
                self.definitions.iter().find(|d| d.unfold(e).is_some())
            }
            _ => None,
        }
    }

    /// Can `e` change when `var` does? Looks through definitions, and treats `x_j`
    /// as possibly the same entry as `x_i`.
    pub fn depends_on(&self, e: &Expr, var: &Symbol) -> bool {
        e.any(&mut |n| match n.node() {
            Node::Sym(s) => {
                s == var
                    || (s.name == var.name
                        && s.indices.len() == var.indices.len()
                        && !s.indices.is_empty()
                        && s.indices.iter().zip(&var.indices).all(|(a, b)| {
                            a == b || matches!(a, Index::Var(_)) || matches!(b, Index::Var(_))
                        }))
                    || self.definition_of(n).is_some_and(|d| {
                        d.unfold(n).is_some_and(|body| self.depends_on(&body, var))
                    })
            }
            Node::Call(Func::User(_), _) => self
                .definition_of(n)
                .and_then(|d| d.unfold(n))
                .is_some_and(|body| self.depends_on(&body, var)),
            _ => false,
        })
    }
}

/// `e` with every free occurrence of `symbol` replaced by `value`.
pub fn substitute(e: &Expr, symbol: &Symbol, value: &Expr) -> Expr {
    e.map_bottom_up(&mut |n| match n.node() {
        Node::Sym(s) if s == symbol => value.clone(),
        _ => n.clone(),
    })
}

/// Parse a definition: `p_j = exp(x_j) / sum_k exp(x_k)` defines a symbol (its index
/// variables are parameters), `softplus(x) = log(1 + exp(x))` a function, whose name
/// `names` learns so later input can call it.
pub fn parse_definition(src: &str, names: &mut Names) -> Result<Definition, Error> {
    let bad = |message: &str, span: Span| {
        Error::Input(InputError::new(
            format!("in the definition `{src}`: {message}"),
            span,
        ))
    };
    let Some(eq) = src.find('=') else {
        return Err(bad("expected `name = expression`", Span::new(0, src.len())));
    };
    let (lhs, rhs_src) = (src[..eq].trim(), &src[eq + 1..]);
    let rhs_offset = eq + 1;
    let shift = |e: InputError| {
        Error::Input(InputError::new(
            e.message,
            Span::new(e.span.start + rhs_offset, e.span.end + rhs_offset),
        ))
    };
    let head = match lhs.split_once('(') {
        Some((name, params)) if params.ends_with(')') => {
            let name = name.trim();
            let params: Vec<Symbol> = params[..params.len() - 1]
                .split(',')
                .map(|p| Symbol::plain(p.trim()))
                .collect();
            if Builtin::from_name(name).is_some() {
                return Err(bad(
                    "a built-in function cannot be redefined",
                    Span::new(0, eq),
                ));
            }
            names.functions.insert(name.to_string(), params.len());
            Head::Function {
                func: Func::User(name.into()),
                params,
            }
        }
        _ => match parse_expr(lhs, names)
            .ok()
            .and_then(|e| e.as_symbol().cloned())
        {
            Some(s) => Head::Symbol(s),
            None => {
                return Err(bad(
                    "the left side must be a name such as p_j or f(x)",
                    Span::new(0, eq),
                ))
            }
        },
    };
    let body = parse_expr(rhs_src, names).map_err(shift)?;
    let def = Definition { head, body };
    let this = match &def.head {
        Head::Function { func, .. } => expr::call(func.clone(), vec![Expr::sym("\u{0}")]),
        Head::Symbol(s) => Expr::symbol(s.clone()),
    };
    let refers_to_itself = def.body.any(&mut |n| match (n.node(), this.node()) {
        (Node::Call(f, _), Node::Call(g, _)) => f == g,
        (Node::Sym(a), Node::Sym(b)) => a.name == b.name && a.indices.len() == b.indices.len(),
        _ => false,
    });
    if refers_to_itself {
        let body_at = src.len() - rhs_src.trim_start().len();
        return Err(bad(
            "a definition cannot refer to itself",
            Span::new(body_at, src.len()),
        ));
    }
    Ok(def)
}

/// Parse `lhs = rhs`.
pub fn parse_equation(src: &str, names: &Names) -> Result<(Expr, Expr), Error> {
    match crate::parse::parse_statement(src, names)? {
        crate::parse::Statement::Equation(l, r) => Ok((l, r)),
        crate::parse::Statement::Expr(_) => Err(Error::Input(InputError::new(
            "expected an equation `lhs = rhs`",
            Span::new(0, src.len()),
        ))),
    }
}

/// `y` when `body` is `y_k` for the sum's index `k`: the vector an assumption about
/// `sum_k y_k` constrains.
pub fn summed_symbol<'a>(index: &str, body: &'a Expr) -> Option<&'a Symbol> {
    body.as_symbol()
        .filter(|s| matches!(s.indices.as_slice(), [Index::Var(v)] if &**v == index))
}

/// Can checks draw points that satisfy an assumption `lhs = rhs`? Only when `lhs` is
/// a symbol or the sum of one vector's entries.
pub fn can_sample(lhs: &Expr) -> bool {
    match lhs.node() {
        Node::Sum { index, body, .. } => summed_symbol(index, body).is_some(),
        Node::Sym(_) => true,
        _ => false,
    }
}
