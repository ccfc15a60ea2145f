//! What a derivation may use beyond the rules: definitions (built-in ones such as
//! `tanh`, and the user's `let`s). It answers the question every calculus rule asks,
//! "does this depend on that variable?", looking through definitions.

use crate::expr::{self, Builtin, Expr, Func, Index, Node, Symbol};
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
    /// How a proof refers to this definition: `tanh`, `p_j`.
    pub fn name(&self) -> String {
        match &self.head {
            Head::Function { func, .. } => func.name().to_string(),
            Head::Symbol(s) => s.to_string(),
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

/// Definitions in force and what the checks may assume.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub definitions: Vec<Definition>,
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
                    Builtin::Sinh,
                    expr::div(expr::sub(exp(x()), exp(expr::neg(x()))), Expr::int(2)),
                ),
                def(
                    Builtin::Cosh,
                    expr::div(expr::add(vec![exp(x()), exp(expr::neg(x()))]), Expr::int(2)),
                ),
            ],
        }
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

/// `e` with the free index `from` renamed to `to` (in subscripts and deltas). A sum
/// that binds `from` is left alone; one that binds the new name is renamed first so
/// it cannot capture it.
pub fn rename_index(e: &Expr, from: &Rc<str>, to: &Index) -> Expr {
    let swap = |i: &Index| match i {
        Index::Var(v) if v == from => to.clone(),
        other => other.clone(),
    };
    match e.node() {
        Node::Sym(s) => Expr::symbol(Symbol {
            name: s.name.clone(),
            indices: s.indices.iter().map(swap).collect(),
        }),
        Node::Delta(a, b) => expr::delta(swap(a), swap(b)),
        Node::Sum {
            index,
            lower,
            upper,
            body,
        } => {
            if index == from {
                return e.clone();
            }
            let (index, body) = match to {
                Index::Var(t) if t == index => {
                    let fresh = fresh_index(index, e);
                    let renamed = rename_index(body, index, &Index::Var(fresh.clone()));
                    (fresh, renamed)
                }
                _ => (index.clone(), body.clone()),
            };
            expr::sum(
                index,
                rename_index(lower, from, to),
                rename_index(upper, from, to),
                rename_index(&body, from, to),
            )
        }
        _ => {
            let kids = e.children();
            if kids.is_empty() {
                return e.clone();
            }
            e.with_children(kids.iter().map(|k| rename_index(k, from, to)).collect())
        }
    }
}

/// An index name not used anywhere in `e`, close to `base`.
pub fn fresh_index(base: &str, e: &Expr) -> Rc<str> {
    let used = |name: &str| {
        e.any(&mut |n| match n.node() {
            Node::Sym(s) => s
                .indices
                .iter()
                .any(|i| matches!(i, Index::Var(v) if &**v == name)),
            Node::Delta(a, b) => [a, b]
                .iter()
                .any(|i| matches!(i, Index::Var(v) if &**v == name)),
            Node::Sum { index, .. } => &**index == name,
            _ => false,
        })
    };
    for candidate in ["k", "l", "m", "n", "r", "s", "t"] {
        if candidate != base && !used(candidate) {
            return candidate.into();
        }
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|c| !used(c))
        .expect("some name is free")
        .into()
}
