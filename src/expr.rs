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

use crate::fast_hash::{FastHasher, FastMap};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
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

/// A set of kinds of [`Node`], one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kinds(u16);

impl Kinds {
    pub const NUM: Kinds = Kinds(1);
    pub const SYM: Kinds = Kinds(1 << 1);
    pub const ADD: Kinds = Kinds(1 << 2);
    pub const MUL: Kinds = Kinds(1 << 3);
    pub const DIV: Kinds = Kinds(1 << 4);
    pub const POW: Kinds = Kinds(1 << 5);
    pub const CALL: Kinds = Kinds(1 << 6);
    pub const DERIV: Kinds = Kinds(1 << 7);
    pub const SUM: Kinds = Kinds(1 << 8);
    pub const DELTA: Kinds = Kinds(1 << 9);
    pub const EQUATION: Kinds = Kinds(1 << 10);
    /// Not a node of its own: a symbol with indices (`x_i`), or a derivative by one.
    pub const INDEXED: Kinds = Kinds(1 << 11);
    /// Not a node of its own: a number that is not an integer (`1/2`).
    pub const FRACTION: Kinds = Kinds(1 << 12);
    pub const ALL: Kinds = Kinds(u16::MAX);

    /// The kind of `node` itself.
    pub fn of(node: &Node) -> Kinds {
        match node {
            Node::Num(n) if !n.is_integer() => Kinds::NUM.or(Kinds::FRACTION),
            Node::Num(_) => Kinds::NUM,
            Node::Sym(s) if !s.indices.is_empty() => Kinds::SYM.or(Kinds::INDEXED),
            Node::Sym(_) => Kinds::SYM,
            Node::Deriv(_, v) if !v.indices.is_empty() => Kinds::DERIV.or(Kinds::INDEXED),
            Node::Add(_) => Kinds::ADD,
            Node::Mul(_) => Kinds::MUL,
            Node::Div(..) => Kinds::DIV,
            Node::Pow(..) => Kinds::POW,
            Node::Call(..) => Kinds::CALL,
            Node::Deriv(..) => Kinds::DERIV,
            Node::Sum { .. } => Kinds::SUM,
            Node::Delta(..) => Kinds::DELTA,
            Node::Equation(..) => Kinds::EQUATION,
        }
    }

    pub const fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// Do the two sets share a kind?
    pub const fn meets(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }
}

impl Node {
    /// Does `pred` hold for a direct child? The children are visited in order, without
    /// collecting them: the walks of rules and checks go through here.
    fn any_child(&self, pred: &mut dyn FnMut(&Expr) -> bool) -> bool {
        match self {
            Node::Num(_) | Node::Sym(_) | Node::Delta(..) => false,
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => xs.iter().any(pred),
            Node::Div(a, b) | Node::Pow(a, b) | Node::Equation(a, b) => pred(a) || pred(b),
            Node::Deriv(body, _) => pred(body),
            Node::Sum {
                lower, upper, body, ..
            } => pred(lower) || pred(upper) || pred(body),
        }
    }
}

/// The smallest subtree (in nodes) that walks remember by address; see
/// [`Expr::worth_remembering`].
const MEMO_MIN_SIZE: usize = 12;

/// A shared, immutable expression.
///
/// Each node carries its structural hash and its tree size, computed once when it is
/// built from its children's, and its canonical form once it was asked for: grouping
/// like terms, visited sets and "same expression" tests are then hash lookups and
/// comparisons that stop at the first differing hash, not walks of whole trees.
#[derive(Clone)]
pub struct Expr(Rc<Shared>);

struct Shared {
    node: Node,
    /// [`Node`]'s hash, with every child hashed as its own cached hash.
    hash: u64,
    /// Nodes of the tree (a subtree shared twice counts twice), saturating.
    size: usize,
    /// How deeply derivatives nest in the tree.
    derivative_depth: u32,
    /// The kinds of node anywhere in the tree.
    kinds: Kinds,
    /// The canonical form once computed; `Some(None)` when the node is its own.
    canonical: OnceCell<Option<Expr>>,
}

thread_local! {
    /// Every live node of this thread, by hash: a node built equal to a live one is
    /// that one, so equal trees share their nodes. Comparing them is then comparing
    /// addresses, a memo keyed by a subtree finds it at once, and a form one rule
    /// away from another shares all it did not change, however it was built.
    static INTERNED: std::cell::RefCell<Interned> = Default::default();
}

/// The table behind [`INTERNED`]: one node per hash, held weakly so that it keeps
/// none alive. Two different live nodes with one hash (rare) keep the first in the
/// table; the second is simply not shared, and comparing it falls back on its
/// structure. Entries of dropped nodes are replaced when their hash comes again and
/// swept out whenever the table has doubled since the last sweep.
#[derive(Default)]
struct Interned {
    nodes: FastMap<u64, std::rc::Weak<Shared>>,
    sweep_at: usize,
}

impl Interned {
    /// The live node equal to `node`. Its children are themselves shared, so the
    /// comparison stops at their addresses.
    fn find(&self, hash: u64, node: &Node) -> Option<Expr> {
        self.nodes
            .get(&hash)?
            .upgrade()
            .filter(|live| live.node == *node)
            .map(Expr)
    }

    fn add(&mut self, hash: u64, e: &Expr) {
        match self.nodes.entry(hash) {
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                if slot.get().strong_count() == 0 {
                    slot.insert(Rc::downgrade(&e.0));
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Rc::downgrade(&e.0));
            }
        }
        if self.nodes.len() >= self.sweep_at {
            self.nodes.retain(|_, w| w.strong_count() > 0);
            self.sweep_at = (2 * self.nodes.len()).max(1 << 12);
        }
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.ptr_eq(other) || (self.0.hash == other.0.hash && self.0.node == other.0.node)
    }
}

impl Eq for Expr {}

impl Hash for Expr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash);
    }
}

/// The structural order of nodes, which [`Expr::canonical`] sorts by.
impl Ord for Expr {
    fn cmp(&self, other: &Expr) -> Ordering {
        if self.ptr_eq(other) {
            return Ordering::Equal;
        }
        self.0.node.cmp(&other.0.node)
    }
}

impl PartialOrd for Expr {
    fn partial_cmp(&self, other: &Expr) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Expr {
    pub(crate) fn new(node: Node) -> Expr {
        let mut hasher = FastHasher::default();
        node.hash(&mut hasher);
        let (mut size, mut depth, mut kinds) = (1usize, 0, Kinds::of(&node));
        node.any_child(&mut |k| {
            size = size.saturating_add(k.0.size);
            depth = depth.max(k.0.derivative_depth);
            kinds = kinds.or(k.0.kinds);
            false
        });
        let derivative_depth = depth + u32::from(matches!(node, Node::Deriv(..)));
        let hash = hasher.finish();
        INTERNED.with_borrow_mut(|interned| {
            if let Some(same) = interned.find(hash, &node) {
                return same;
            }
            let e = Expr(Rc::new(Shared {
                node,
                hash,
                size,
                derivative_depth,
                kinds,
                canonical: OnceCell::new(),
            }));
            interned.add(hash, &e);
            e
        })
    }

    pub(crate) fn node(&self) -> &Node {
        &self.0.node
    }

    /// Should a walk that remembers what it found at a node (by address) remember it
    /// here? Only a node referenced from more than one place can be met twice in one
    /// walk, and below [`MEMO_MIN_SIZE`] nodes doing the work again costs less than
    /// hashing it.
    pub(crate) fn worth_remembering(&self) -> bool {
        self.0.size >= MEMO_MIN_SIZE && Rc::strong_count(&self.0) > 1
    }

    /// The node's address: a key for it while the tree it is in is alive.
    pub(crate) fn address(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
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

    /// [`Expr::map_bottom_up`] for an `f` that gives the same result for the same
    /// node: a subtree shared by several places is rewritten once and its result
    /// shared, so the walk is linear in the distinct nodes, not in the tree (a
    /// derivative repeats its inner function in every factor of the chain rule).
    pub(crate) fn map_bottom_up_shared(&self, f: &mut dyn FnMut(&Expr) -> Expr) -> Expr {
        fn walk(
            e: &Expr,
            f: &mut dyn FnMut(&Expr) -> Expr,
            memo: &mut FastMap<usize, Expr>,
        ) -> Expr {
            let key = e.address();
            let shared = e.worth_remembering();
            if shared {
                if let Some(done) = memo.get(&key) {
                    return done.clone();
                }
            }
            let node = e.map_children(&mut |k| walk(k, f, memo));
            let out = f(&node);
            if shared {
                memo.insert(key, out.clone());
            }
            out
        }
        // The keys are addresses of nodes of `self`, which outlives the walk, so no
        // address is reused while the memo holds it.
        walk(self, f, &mut FastMap::default())
    }

    /// Rewrite top-down: where `f` gives a replacement the node is replaced and not
    /// entered, elsewhere the walk goes on into the children. Like
    /// [`Expr::map_bottom_up_shared`], for an `f` that gives the same result for the
    /// same node, a shared subtree is walked once.
    pub(crate) fn map_top_down_shared(&self, f: &mut dyn FnMut(&Expr) -> Option<Expr>) -> Expr {
        fn walk(
            e: &Expr,
            f: &mut dyn FnMut(&Expr) -> Option<Expr>,
            memo: &mut FastMap<usize, Expr>,
        ) -> Expr {
            let key = e.address();
            let shared = e.worth_remembering();
            if shared {
                if let Some(done) = memo.get(&key) {
                    return done.clone();
                }
            }
            let out = match f(e) {
                Some(replaced) => replaced,
                None => e.map_children(&mut |k| walk(k, f, memo)),
            };
            if shared {
                memo.insert(key, out.clone());
            }
            out
        }
        // As above: the keys are addresses of nodes of `self`, which outlives the walk.
        walk(self, f, &mut FastMap::default())
    }

    /// Call `f` on every node, but on a subtree shared by several places only once:
    /// linear in the distinct nodes, where a walk of the tree may be quadratic.
    pub(crate) fn for_each_distinct(&self, f: &mut dyn FnMut(&Expr)) {
        fn walk(e: &Expr, f: &mut dyn FnMut(&Expr), seen: &mut FastMap<usize, ()>) {
            if e.worth_remembering() && seen.insert(e.address(), ()).is_some() {
                return;
            }
            f(e);
            e.any_child(&mut |k| {
                walk(k, f, seen);
                false
            });
        }
        walk(self, f, &mut FastMap::default());
    }

    /// Does any subexpression satisfy `pred`?
    pub fn any(&self, pred: &mut dyn FnMut(&Expr) -> bool) -> bool {
        pred(self) || self.any_child(&mut |k| k.any(pred))
    }

    /// Does `pred` hold for a direct child? See [`Node::any_child`].
    fn any_child(&self, pred: &mut dyn FnMut(&Expr) -> bool) -> bool {
        self.node().any_child(pred)
    }

    /// Number of nodes of the tree (a subtree that occurs twice counts twice), a
    /// measure of size; computed when the node was built.
    pub fn size(&self) -> usize {
        self.0.size
    }

    /// How deeply derivatives nest (`d/dx d/dx x^3` has 2); computed when the node
    /// was built.
    pub(crate) fn derivative_depth(&self) -> usize {
        self.0.derivative_depth as usize
    }

    /// Is there an index sum anywhere in the tree? Computed when the node was built,
    /// so that walks looking for sums skip the subtrees without one.
    pub(crate) fn has_sum(&self) -> bool {
        self.0.kinds.meets(Kinds::SUM)
    }

    /// The kinds of node anywhere in the tree, computed when the node was built: a
    /// rule that rewrites only some kinds skips every subtree without one.
    pub(crate) fn kinds(&self) -> Kinds {
        self.0.kinds
    }

    /// The symbols of `e`, each once, in order of appearance.
    pub(crate) fn symbols(&self) -> Vec<Symbol> {
        let mut out: Vec<Symbol> = Vec::new();
        self.any(&mut |n| {
            if let Some(s) = n.as_symbol() {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
            false
        });
        out
    }

    /// Does the expression contain `var` (as a free symbol)?
    pub fn contains_symbol(&self, var: &Symbol) -> bool {
        self.any(&mut |e| e.as_symbol() == Some(var))
    }

    /// The ordered form: sums and products sorted by one total order, quotients and
    /// powers left as they are, and each bound index named by how many sums nest
    /// inside its body (so `sum_k x_k` and `sum_j x_j` are one form; the names cannot
    /// be typed, so they never capture a user's index). Two expressions are "the same"
    /// when their canonical forms are equal. Computed once per node, from the
    /// children's canonical forms: a new form that shares most of its tree with an
    /// old one costs only its new nodes.
    pub fn canonical(&self) -> Expr {
        let cached = self.0.canonical.get_or_init(|| {
            let canon = self.compute_canonical();
            // A node that is its own canonical form must not hold itself (a cycle of
            // `Rc`s would never be freed).
            if canon == *self {
                None
            } else {
                // The canonical form is canonical.
                let _ = canon.0.canonical.set(None);
                Some(canon)
            }
        });
        cached.clone().unwrap_or_else(|| self.clone())
    }

    fn compute_canonical(&self) -> Expr {
        match self.node() {
            // The delta is symmetric: `delta_ji` is `delta_ij`.
            Node::Delta(a, b) if b < a => delta(b.clone(), a.clone()),
            Node::Num(_) | Node::Sym(_) | Node::Delta(..) => self.clone(),
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let body = body.canonical();
                let name: Rc<str> = format!("\u{1}{}", sum_height(&body)).into();
                if *index == name {
                    return self.map_children(&mut Expr::canonical);
                }
                let renamed = rename_index(&body, index, &Index::Var(name.clone()));
                sum(
                    name,
                    lower.canonical(),
                    upper.canonical(),
                    renamed.canonical(),
                )
            }
            Node::Add(_) | Node::Mul(_) => {
                // Rebuilt through the smart constructors even when no child changed,
                // so that a form that shows its arithmetic undone (`p_j (0 - p_i)`)
                // is the same as the one with it done.
                let e = self.with_children(self.children().iter().map(Expr::canonical).collect());
                match e.node() {
                    Node::Add(xs) => Expr::new(Node::Add(sorted(xs))),
                    Node::Mul(xs) => Expr::new(Node::Mul(sorted(xs))),
                    // Folding constants made it another kind of node: order that one.
                    _ => e.canonical(),
                }
            }
            _ => self.map_children(&mut Expr::canonical),
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

/// The terms or factors in the order of [`Expr::cmp`] (a slice already in order, as
/// most of a canonical form's are, is only compared, not copied twice).
fn sorted(xs: &[Expr]) -> Vec<Expr> {
    let mut xs = xs.to_vec();
    if !xs.is_sorted() {
        xs.sort();
    }
    xs
}

/// How many sums nest in `e` at most: a sum's bound index is named by this count of
/// its body, so two nested sums never share a name.
fn sum_height(e: &Expr) -> usize {
    let mut inner = 0;
    e.any_child(&mut |k| {
        inner = inner.max(sum_height(k));
        false
    });
    match e.node() {
        Node::Sum { .. } => inner + 1,
        _ => inner,
    }
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
    // A body free of the index is counted, where the count cannot be negative: from
    // 4 to `d` the sum is empty (0) for `d < 3`, not `d - 3` times the body.
    let counted = || fewest_terms(&lower, &upper).is_some_and(|n| !n.is_negative());
    if !mentions_index(&body, &index) && counted() {
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

/// The fewest terms a sum from `lower` to `upper` can have, where every named bound
/// is a dimension of at least 1: `d - 1` from 2 to `d`, and `-1` from 4 to `d`
/// (where `d = 1`). `None` for bounds not read as a number plus dimensions with
/// positive coefficients (from `m` to `n`).
pub fn fewest_terms(lower: &Expr, upper: &Expr) -> Option<Rational> {
    let count = add(vec![upper.clone(), neg(lower.clone()), Expr::one()]);
    let terms = match count.node() {
        Node::Add(xs) => xs.clone(),
        _ => vec![count.clone()],
    };
    let mut least = Rational::zero();
    for t in &terms {
        let (c, rest) = t.split_coefficient();
        let dimension = rest.as_symbol().is_some_and(|s| s.indices.is_empty());
        let counted = rest.is_one() || (dimension && c.is_positive());
        if !counted {
            return None;
        }
        least += c;
    }
    Some(least)
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
        // A subtree with no indexed symbol and no delta has no index to give.
        if !e.kinds().meets(Kinds::INDEXED.or(Kinds::DELTA)) {
            return;
        }
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

/// `base^exponent` view of a factor: `x^2` is `(x, 2)`, `x` is `(x, 1)`.
pub fn as_power(e: &Expr) -> (Expr, Expr) {
    match e.node() {
        Node::Pow(b, n) => (b.clone(), n.clone()),
        _ => (e.clone(), Expr::one()),
    }
}

/// A product as its coefficient and its other factors; a lone factor is a product
/// of one.
pub fn as_factors(e: &Expr) -> (Rational, Vec<Expr>) {
    match e.node() {
        Node::Num(n) => (n.clone(), Vec::new()),
        Node::Mul(xs) => match xs[0].as_num() {
            Some(c) => (c.clone(), xs[1..].to_vec()),
            None => (Rational::one(), xs.clone()),
        },
        _ => (Rational::one(), vec![e.clone()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_trees_built_apart_share_their_nodes() {
        let build = || {
            add(vec![
                mul(vec![Expr::sym("x"), Expr::sym("y")]),
                Expr::int(3),
            ])
        };
        let (a, b) = (build(), build());
        assert!(a.ptr_eq(&b), "one node for one live tree");
        let other = add(vec![
            mul(vec![Expr::sym("x"), Expr::sym("z")]),
            Expr::int(3),
        ]);
        assert!(!a.ptr_eq(&other) && a != other);
        // Once every copy is dropped, building it again makes a fresh node that is
        // still equal to what it was.
        let text = a.to_string();
        drop((a, b));
        assert_eq!(build().to_string(), text);
    }

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
