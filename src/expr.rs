//! The expression tree.
//!
//! One enum, [`Node`], behind a cheap-to-clone [`Expr`] handle (`Rc`), so derivatives
//! and rewritten forms share the subtrees they repeat. Sums and products are n-ary.
//! Quotients are kept as their own node ([`Node::Div`]) rather than as `a * b^-1`:
//! a proof must print the fraction the reader wrote, and the quotient rule, "split the
//! fraction" and "cancel" all look at that node.
//!
//! Construction goes through the smart constructors ([`add`], [`mul`], [`div`], [`pow`],
//! [`call`], ...). They flatten nested sums and products, fold numeric constants and drop
//! neutral elements, so every rule's output is free of `0 +`, `1 *` and `x^1` noise. They
//! do *not* reorder operands: the order a reader wrote is kept for printing, and
//! [`Expr::canonical`] gives the ordered form used to decide "same expression".

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::fmt;
use std::rc::Rc;

/// An exact rational constant.
pub type Rational = BigRational;

/// A built-in function of one argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    Exp,
    Log,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Sinh,
    Cosh,
    Tanh,
    Sigma,
}

impl Builtin {
    /// Every built-in, in the order help text lists them.
    pub const ALL: [Builtin; 10] = [
        Builtin::Exp,
        Builtin::Log,
        Builtin::Sqrt,
        Builtin::Sin,
        Builtin::Cos,
        Builtin::Tan,
        Builtin::Sinh,
        Builtin::Cosh,
        Builtin::Tanh,
        Builtin::Sigma,
    ];

    /// The name the language and the text printer use.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Exp => "exp",
            Builtin::Log => "log",
            Builtin::Sqrt => "sqrt",
            Builtin::Sin => "sin",
            Builtin::Cos => "cos",
            Builtin::Tan => "tan",
            Builtin::Sinh => "sinh",
            Builtin::Cosh => "cosh",
            Builtin::Tanh => "tanh",
            Builtin::Sigma => "sigma",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// A subscript of a symbol: an index variable (`i` in `x_i`) or a fixed position
/// (`3` in `w_3`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Index {
    /// An index variable: `i` in `x_i`.
    Var(Rc<str>),
    /// A fixed position: `3` in `w_3`.
    Fixed(u32),
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Index::Var(v) => f.write_str(v),
            Index::Fixed(n) => write!(f, "{n}"),
        }
    }
}

/// A named quantity, possibly subscripted: `x`, `x_i`, `w_1`, `P_i`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol {
    pub name: Rc<str>,
    pub indices: Vec<Index>,
}

impl Symbol {
    pub fn plain(name: &str) -> Symbol {
        Symbol {
            name: name.into(),
            indices: Vec::new(),
        }
    }

    pub fn indexed(name: &str, indices: Vec<Index>) -> Symbol {
        Symbol {
            name: name.into(),
            indices,
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if self.indices.is_empty() {
            return Ok(());
        }
        write!(f, "_{}", subscript(&self.indices))
    }
}

/// Indices as a subscript that reads back as the same indices: run together where
/// the short form splits them the same way (`ij`, `i1`, `12` for the one position
/// 12), else in braces (`{k1}`, `{1,2}`). The short form reads each letter as an
/// index and a run of digits as one number, so a name of several letters, or two
/// numbers side by side, need the braces.
pub fn subscript(indices: &[Index]) -> String {
    let parts: Vec<String> = indices.iter().map(Index::to_string).collect();
    let one_letter = |p: &String| p.len() == 1 && !p.as_bytes()[0].is_ascii_digit();
    let short = match indices {
        [Index::Fixed(_)] => true,
        _ => parts.iter().enumerate().all(|(at, p)| {
            // A number is short only with no number right before it.
            one_letter(p)
                || (matches!(indices[at], Index::Fixed(_))
                    && (at == 0 || !matches!(indices[at - 1], Index::Fixed(_))))
        }),
    };
    if short {
        parts.concat()
    } else {
        format!("{{{}}}", parts.join(","))
    }
}

/// A function: built in, or defined by the user with `let f(x) = ...`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Func {
    Builtin(Builtin),
    User(Rc<str>),
}

impl Func {
    pub fn name(&self) -> &str {
        match self {
            Func::Builtin(b) => b.name(),
            Func::User(n) => n,
        }
    }
}

/// One node of the tree. Match on it through [`Expr::node`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Num(Rational),
    Sym(Symbol),
    /// An n-ary sum, at least two terms.
    Add(Vec<Expr>),
    /// An n-ary product, at least two factors; a numeric coefficient comes first.
    Mul(Vec<Expr>),
    Div(Expr, Expr),
    Pow(Expr, Expr),
    Call(Func, Vec<Expr>),
    /// `d/dvar body`.
    Deriv(Expr, Symbol),
    /// `sum_{index=lower}^{upper} body`.
    Sum {
        index: Rc<str>,
        lower: Expr,
        upper: Expr,
        body: Expr,
    },
    /// The Kronecker delta of two indices.
    Delta(Index, Index),
    /// `lhs = rhs`, a step of a derivation that works on equations.
    Equation(Expr, Expr),
}

/// A shared, immutable expression.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Expr(Rc<Node>);

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::print::text::to_text(self))
    }
}

impl Expr {
    pub(crate) fn new(node: Node) -> Expr {
        Expr(Rc::new(node))
    }

    pub(crate) fn node(&self) -> &Node {
        &self.0
    }

    pub(crate) fn ptr_eq(&self, other: &Expr) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub(crate) fn num(value: Rational) -> Expr {
        Expr::new(Node::Num(value))
    }

    pub(crate) fn int(value: i64) -> Expr {
        Expr::num(Rational::from_integer(BigInt::from(value)))
    }

    pub(crate) fn zero() -> Expr {
        Expr::int(0)
    }

    pub(crate) fn one() -> Expr {
        Expr::int(1)
    }

    pub(crate) fn sym(name: &str) -> Expr {
        Expr::new(Node::Sym(Symbol::plain(name)))
    }

    pub(crate) fn symbol(symbol: Symbol) -> Expr {
        Expr::new(Node::Sym(symbol))
    }

    pub(crate) fn as_num(&self) -> Option<&Rational> {
        match self.node() {
            Node::Num(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn as_symbol(&self) -> Option<&Symbol> {
        match self.node() {
            Node::Sym(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.as_num().is_some_and(Zero::is_zero)
    }

    pub(crate) fn is_one(&self) -> bool {
        self.as_num().is_some_and(One::is_one)
    }

    /// The integer value of a numeric constant that is a small integer.
    pub fn as_small_int(&self) -> Option<i64> {
        self.as_num()
            .filter(|n| n.is_integer())
            .and_then(|n| n.to_integer().to_i64())
    }

    /// The direct children, in order.
    pub fn children(&self) -> Vec<Expr> {
        match self.node() {
            Node::Num(_) | Node::Sym(_) | Node::Delta(..) => Vec::new(),
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => xs.clone(),
            Node::Div(a, b) | Node::Pow(a, b) | Node::Equation(a, b) => {
                vec![a.clone(), b.clone()]
            }
            Node::Deriv(body, _) => vec![body.clone()],
            Node::Sum {
                lower, upper, body, ..
            } => vec![lower.clone(), upper.clone(), body.clone()],
        }
    }

    /// The same node over new children (as many as [`Expr::children`] gave), rebuilt
    /// through the smart constructors.
    pub fn with_children(&self, kids: Vec<Expr>) -> Expr {
        let mut it = kids.into_iter();
        let mut next = || it.next().expect("with_children: too few children");
        match self.node() {
            Node::Num(_) | Node::Sym(_) | Node::Delta(..) => self.clone(),
            Node::Add(xs) => add((0..xs.len()).map(|_| next()).collect()),
            Node::Mul(xs) => mul((0..xs.len()).map(|_| next()).collect()),
            Node::Call(f, xs) => call(f.clone(), (0..xs.len()).map(|_| next()).collect()),
            Node::Div(..) => {
                let a = next();
                div(a, next())
            }
            Node::Pow(..) => {
                let a = next();
                pow(a, next())
            }
            Node::Deriv(_, var) => deriv(next(), var.clone()),
            Node::Equation(..) => {
                let a = next();
                equation(a, next())
            }
            Node::Sum { index, .. } => {
                let lower = next();
                let upper = next();
                sum(index.clone(), lower, upper, next())
            }
        }
    }

    /// The same node over new children, flattened but otherwise kept as given
    /// (`0 - p_i` stays `0 - p_i`): used where a substitution must show its result
    /// before any arithmetic tidies it.
    pub fn with_children_raw(&self, kids: Vec<Expr>) -> Expr {
        match self.node() {
            Node::Add(_) => Expr::new(Node::Add(flatten(kids, |n| match n {
                Node::Add(xs) => Some(xs),
                _ => None,
            }))),
            Node::Mul(_) => Expr::new(Node::Mul(flatten(kids, |n| match n {
                Node::Mul(xs) => Some(xs),
                _ => None,
            }))),
            _ => self.with_children(kids),
        }
    }

    /// The same node with `f` applied to each child, rebuilt through the smart
    /// constructors; the node itself (shared, not copied) when no child changed.
    pub fn map_children(&self, f: &mut dyn FnMut(&Expr) -> Expr) -> Expr {
        self.map_children_with(f, Expr::with_children)
    }

    /// [`Expr::map_children`] rebuilt with [`Expr::with_children_raw`], so the result
    /// shows a substitution before any arithmetic tidies it.
    pub fn map_children_raw(&self, f: &mut dyn FnMut(&Expr) -> Expr) -> Expr {
        self.map_children_with(f, Expr::with_children_raw)
    }

    fn map_children_with(
        &self,
        f: &mut dyn FnMut(&Expr) -> Expr,
        rebuild: fn(&Expr, Vec<Expr>) -> Expr,
    ) -> Expr {
        // The new children are collected only from the first one that changed: most
        // walks change nothing, and then allocate nothing.
        let mut new: Option<Vec<Expr>> = None;
        let mut seen = 0;
        self.any_child(&mut |k| {
            let mapped = f(k);
            match new.as_mut() {
                Some(kids) => kids.push(mapped),
                None if !mapped.ptr_eq(k) => {
                    let mut kids: Vec<Expr> = self.children().into_iter().take(seen).collect();
                    kids.push(mapped);
                    new = Some(kids);
                }
                None => {}
            }
            seen += 1;
            false
        });
        match new {
            Some(kids) => rebuild(self, kids),
            None => self.clone(),
        }
    }

    /// Rewrite bottom-up: `f` sees each node after its children were rewritten.
    pub fn map_bottom_up(&self, f: &mut dyn FnMut(&Expr) -> Expr) -> Expr {
        let node = self.map_children(&mut |k| k.map_bottom_up(f));
        f(&node)
    }

    /// Does any subexpression satisfy `pred`?
    pub fn any(&self, pred: &mut dyn FnMut(&Expr) -> bool) -> bool {
        pred(self) || self.any_child(&mut |k| k.any(pred))
    }

    /// Does `pred` hold for a direct child? The children are visited in order, without
    /// collecting them: the walks of rules and checks go through here.
    fn any_child(&self, pred: &mut dyn FnMut(&Expr) -> bool) -> bool {
        match self.node() {
            Node::Num(_) | Node::Sym(_) | Node::Delta(..) => false,
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => xs.iter().any(pred),
            Node::Div(a, b) | Node::Pow(a, b) | Node::Equation(a, b) => pred(a) || pred(b),
            Node::Deriv(body, _) => pred(body),
            Node::Sum {
                lower, upper, body, ..
            } => pred(lower) || pred(upper) || pred(body),
        }
    }

    /// Number of nodes, a measure of size.
    pub fn size(&self) -> usize {
        let mut total = 1;
        self.any_child(&mut |k| {
            total += k.size();
            false
        });
        total
    }

    /// Does the expression contain `var` (as a free symbol)?
    pub fn contains_symbol(&self, var: &Symbol) -> bool {
        self.any(&mut |e| e.as_symbol() == Some(var))
    }

    /// The ordered form: sums and products sorted by one total order, quotients and
    /// powers left as they are. Two expressions are "the same" when their canonical
    /// forms are equal.
    pub fn canonical(&self) -> Expr {
        self.with_canonical_bound_indices(0)
            .map_bottom_up(&mut |e| match e.node() {
                Node::Add(xs) => {
                    let mut xs = xs.clone();
                    xs.sort();
                    Expr::new(Node::Add(xs))
                }
                Node::Mul(xs) => {
                    let mut xs = xs.clone();
                    xs.sort();
                    Expr::new(Node::Mul(xs))
                }
                _ => e.clone(),
            })
    }

    /// Bound indices renamed by nesting depth, so `sum_k x_k` and `sum_j x_j` are one
    /// form. The names cannot be typed, so they never capture a user's index.
    fn with_canonical_bound_indices(&self, depth: usize) -> Expr {
        match self.node() {
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let name: Rc<str> = format!("\u{1}{depth}").into();
                let renamed = rename_index(body, index, &Index::Var(name.clone()));
                sum(
                    name,
                    lower.with_canonical_bound_indices(depth),
                    upper.with_canonical_bound_indices(depth),
                    renamed.with_canonical_bound_indices(depth + 1),
                )
            }
            _ => self.map_children(&mut |k| k.with_canonical_bound_indices(depth)),
        }
    }

    /// Same expression up to the order of terms and factors and the names of bound
    /// indices.
    pub fn same_as(&self, other: &Expr) -> bool {
        self == other || self.canonical() == other.canonical()
    }

    /// Split `c * rest` into its numeric coefficient and the rest.
    pub fn split_coefficient(&self) -> (Rational, Expr) {
        match self.node() {
            Node::Num(n) => (n.clone(), Expr::one()),
            Node::Mul(xs) => match xs[0].as_num() {
                Some(c) => (c.clone(), mul(xs[1..].to_vec())),
                None => (Rational::one(), self.clone()),
            },
            _ => (Rational::one(), self.clone()),
        }
    }

    /// Is this a term a printer shows with a leading minus?
    pub fn is_negative_term(&self) -> bool {
        match self.node() {
            Node::Num(n) => n.is_negative(),
            Node::Mul(xs) => xs[0].as_num().is_some_and(Signed::is_negative),
            _ => false,
        }
    }
}

fn flatten(items: Vec<Expr>, inner: impl Fn(&Node) -> Option<&Vec<Expr>>) -> Vec<Expr> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match inner(item.node()) {
            Some(xs) => out.extend(xs.iter().cloned()),
            None => out.push(item),
        }
    }
    out
}

/// A sum: nested sums flattened, numbers folded into one constant term kept where the
/// first number stood, zero dropped.
pub fn add(terms: Vec<Expr>) -> Expr {
    let flat = flatten(terms, |n| match n {
        Node::Add(xs) => Some(xs),
        _ => None,
    });
    // Numbers are added only when there are several: the common case of one keeps
    // its node, with no arithmetic on big rationals.
    let mut constant: Option<Expr> = None;
    let mut const_at = None;
    let mut out: Vec<Expr> = Vec::with_capacity(flat.len());
    for t in flat {
        match t.as_num() {
            Some(n) => {
                constant = Some(match constant {
                    None => t.clone(),
                    Some(c) => Expr::num(c.as_num().expect("a number") + n),
                });
                const_at.get_or_insert(out.len());
            }
            None => out.push(t),
        }
    }
    if let (Some(at), Some(c)) = (const_at, constant) {
        if !c.is_zero() || out.is_empty() {
            out.insert(at, c);
        }
    }
    match out.len() {
        0 => Expr::zero(),
        1 => out.pop().unwrap(),
        _ => Expr::new(Node::Add(out)),
    }
}

/// A product: nested products flattened, numbers folded into a leading coefficient,
/// one dropped, zero absorbing.
pub fn mul(factors: Vec<Expr>) -> Expr {
    let flat = flatten(factors, |n| match n {
        Node::Mul(xs) => Some(xs),
        _ => None,
    });
    let mut coefficient: Option<Expr> = None;
    let mut out: Vec<Expr> = Vec::with_capacity(flat.len());
    for f in flat {
        match f.as_num() {
            Some(n) if n.is_one() => {}
            Some(n) => {
                coefficient = Some(match coefficient {
                    None => f.clone(),
                    Some(c) => Expr::num(c.as_num().expect("a number") * n),
                });
            }
            None => out.push(f),
        }
    }
    match coefficient {
        Some(c) if c.is_zero() => return Expr::zero(),
        Some(c) if !c.is_one() => out.insert(0, c),
        _ if out.is_empty() => out.push(Expr::one()),
        _ => {}
    }
    match out.len() {
        1 => out.pop().unwrap(),
        _ => Expr::new(Node::Mul(out)),
    }
}

pub fn neg(e: Expr) -> Expr {
    mul(vec![Expr::int(-1), e])
}

pub fn sub(a: Expr, b: Expr) -> Expr {
    add(vec![a, neg(b)])
}

/// A quotient: `a/1 = a`, `0/b = 0`, numbers divided exactly, and a negative
/// numerator's sign moved in front (`-a/b` is `-(a/b)`), so a subtracted fraction
/// prints as `x - a/b`.
pub fn div(a: Expr, b: Expr) -> Expr {
    if b.is_one() {
        return a;
    }
    if a.is_zero() && !b.is_zero() {
        return a;
    }
    match (a.as_num(), b.as_num()) {
        (Some(x), Some(y)) if !y.is_zero() => Expr::num(x / y),
        _ if a.is_negative_term() => {
            let (c, rest) = a.split_coefficient();
            neg(div(mul(vec![Expr::num(-c), rest]), b))
        }
        _ => Expr::new(Node::Div(a, b)),
    }
}

/// A power: `a^1 = a`, `a^0 = 1`, `1^b = 1`, integer powers of numbers evaluated,
/// `(a^m)^n = a^(mn)` for numeric exponents.
pub fn pow(base: Expr, exp: Expr) -> Expr {
    if exp.is_one() {
        return base;
    }
    if exp.is_zero() {
        return Expr::one();
    }
    if base.is_one() {
        return base;
    }
    if let (Some(b), Some(e)) = (base.as_num(), exp.as_small_int()) {
        if e.unsigned_abs() <= 64 && !(b.is_zero() && e < 0) {
            return Expr::num(num_traits::pow::Pow::pow(b, e as i32));
        }
    }
    if let Node::Pow(inner, e1) = base.node() {
        if let (Some(m), Some(n)) = (e1.as_num(), exp.as_num()) {
            if m.is_integer() && n.is_integer() {
                return pow(inner.clone(), Expr::num(m * n));
            }
        }
    }
    Expr::new(Node::Pow(base, exp))
}

pub fn call(f: Func, args: Vec<Expr>) -> Expr {
    Expr::new(Node::Call(f, args))
}

pub fn call1(b: Builtin, arg: Expr) -> Expr {
    call(Func::Builtin(b), vec![arg])
}

pub fn deriv(body: Expr, var: Symbol) -> Expr {
    Expr::new(Node::Deriv(body, var))
}

/// A sum over `index`. A body that does not mention the index is the same in every
/// term, so the sum is that many copies: `sum_{k=1}^{d} c = d c`.
pub fn sum(index: Rc<str>, lower: Expr, upper: Expr, body: Expr) -> Expr {
    if !mentions_index(&body, &index) {
        let count = add(vec![upper, neg(lower), Expr::one()]);
        return mul(vec![count, body]);
    }
    Expr::new(Node::Sum {
        index,
        lower,
        upper,
        body,
    })
}

pub fn equation(lhs: Expr, rhs: Expr) -> Expr {
    Expr::new(Node::Equation(lhs, rhs))
}

pub fn delta(a: Index, b: Index) -> Expr {
    Expr::new(Node::Delta(a, b))
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
        Node::Delta(a, b) => delta(swap(a), swap(b)),
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
            sum(
                index,
                rename_index(lower, from, to),
                rename_index(upper, from, to),
                rename_index(&body, from, to),
            )
        }
        _ => e.map_children(&mut |k| rename_index(k, from, to)),
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
    for candidate in ["j", "k", "l", "m", "n", "r", "s", "t"] {
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

/// The index variables of `e` that no sum binds, in order of appearance.
pub fn free_indices(e: &Expr) -> Vec<Rc<str>> {
    fn walk(e: &Expr, bound: &mut Vec<Rc<str>>, out: &mut Vec<Rc<str>>) {
        let mut note = |i: &Index, bound: &Vec<Rc<str>>| {
            if let Index::Var(v) = i {
                if !bound.contains(v) && !out.contains(v) {
                    out.push(v.clone());
                }
            }
        };
        match e.node() {
            Node::Sym(s) => s.indices.iter().for_each(|i| note(i, bound)),
            Node::Delta(a, b) => {
                note(a, bound);
                note(b, bound);
            }
            Node::Deriv(body, var) => {
                var.indices.iter().for_each(|i| note(i, bound));
                walk(body, bound, out);
            }
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                walk(lower, bound, out);
                walk(upper, bound, out);
                bound.push(index.clone());
                walk(body, bound, out);
                bound.pop();
            }
            _ => e.children().iter().for_each(|k| walk(k, bound, out)),
        }
    }
    let mut out = Vec::new();
    walk(e, &mut Vec::new(), &mut out);
    out
}

/// The index variables that are free somewhere in `e` and bound by a sum elsewhere in
/// it (`k` in `x_k + sum_k x_k`), in order of appearance of the sums.
pub fn free_and_bound(e: &Expr) -> Vec<Rc<str>> {
    let free = free_indices(e);
    let mut clash: Vec<Rc<str>> = Vec::new();
    e.any(&mut |n| {
        if let Node::Sum { index, .. } = n.node() {
            if free.contains(index) && !clash.contains(index) {
                clash.push(index.clone());
            }
        }
        false
    });
    clash
}

/// Does `e` mention the index variable `k` free (not as the index of an inner sum
/// over `k`)?
pub fn mentions_index(e: &Expr, k: &str) -> bool {
    let is_k = |i: &Index| matches!(i, Index::Var(v) if &**v == k);
    match e.node() {
        Node::Sym(s) => s.indices.iter().any(is_k),
        Node::Delta(a, b) => is_k(a) || is_k(b),
        Node::Deriv(body, var) => var.indices.iter().any(is_k) || mentions_index(body, k),
        // An inner sum over `k` binds its own `k`: only its bounds can mention ours.
        Node::Sum {
            index,
            lower,
            upper,
            ..
        } if &**index == k => mentions_index(lower, k) || mentions_index(upper, k),
        _ => e.any_child(&mut |c| mentions_index(c, k)),
    }
}

/// The expression in the input language, which parses back to the same expression.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::print::text::to_text(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_fold_constants_and_keep_order() {
        let x = Expr::sym("x");
        let y = Expr::sym("y");
        let e = add(vec![x.clone(), Expr::int(2), y.clone(), Expr::int(-2)]);
        assert_eq!(e, Expr::new(Node::Add(vec![x.clone(), y.clone()])));
        let p = mul(vec![Expr::int(2), x.clone(), Expr::int(3)]);
        assert_eq!(p, Expr::new(Node::Mul(vec![Expr::int(6), x.clone()])));
        assert_eq!(mul(vec![Expr::zero(), x.clone()]), Expr::zero());
        assert_eq!(pow(x.clone(), Expr::one()), x);
        assert_eq!(
            div(Expr::int(3), Expr::int(6))
                .as_num()
                .unwrap()
                .to_string(),
            "1/2"
        );
    }

    #[test]
    fn canonical_ignores_order() {
        let x = Expr::sym("x");
        let y = Expr::sym("y");
        assert!(add(vec![x.clone(), y.clone()]).same_as(&add(vec![y.clone(), x.clone()])));
        assert!(!div(x.clone(), y.clone()).same_as(&div(y, x)));
    }
}
