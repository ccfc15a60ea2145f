//! Equations linear in one part that holds the unknown (the unknown itself, or
//! `exp(2 x)`): the terms with that part are gathered on one side and the others on
//! the other, then the part is factored out, as a reader solves
//! `y exp(2 x) + y = exp(2 x) - 1` for `exp(2 x)`.

use crate::expr::{self, Expr, Node};

/// A term of one side: free of the unknown, or a coefficient times the kernel.
#[derive(Clone)]
enum Term {
    Free,
    Kernel { coef: Expr, whole: Expr },
}

/// An equation `l = r` rewritten with the kernel's terms on one side and the rest on
/// the other: the step that moves them, and the factored form when there was more
/// than one kernel term.
pub struct Gathered {
    /// The quantity added to both sides.
    pub added: Expr,
    /// The equation after moving the terms.
    pub moved: (Expr, Expr),
    /// The kernel's terms as one product, when they were several.
    pub factored: Option<(Expr, Expr)>,
    /// The part factored out.
    pub kernel: Expr,
}

/// Is `e` a part a term can hold the unknown in, as a whole: not a sum, product or
/// quotient (those are opened up first), and not a sum over an index.
fn is_kernel(e: &Expr) -> bool {
    matches!(e.node(), Node::Sym(_) | Node::Call(..) | Node::Pow(..))
}

/// The terms of `side`, when every one is free of the unknown or a product of free
/// factors and one kernel; `None` while a bracket or a sum still hides the unknown.
fn terms(side: &Expr, has: &dyn Fn(&Expr) -> bool) -> Option<Vec<(Term, Expr)>> {
    let items = match side.node() {
        Node::Add(ts) => ts.clone(),
        _ => vec![side.clone()],
    };
    items
        .into_iter()
        .map(|t| {
            if !has(&t) {
                return Some((Term::Free, t));
            }
            if is_kernel(&t) {
                return Some((
                    Term::Kernel {
                        coef: Expr::one(),
                        whole: t.clone(),
                    },
                    t,
                ));
            }
            let Node::Mul(factors) = t.node() else {
                return None;
            };
            let (with, without): (Vec<Expr>, Vec<Expr>) =
                factors.iter().cloned().partition(|f| has(f));
            match with.as_slice() {
                [k] if is_kernel(k) => Some((
                    Term::Kernel {
                        coef: expr::mul(without),
                        whole: k.clone(),
                    },
                    t.clone(),
                )),
                _ => None,
            }
        })
        .collect()
}

/// The one kernel of the terms, when they share it.
fn shared_kernel<'a>(all: impl Iterator<Item = &'a Term>) -> Option<Expr> {
    let mut kernel: Option<Expr> = None;
    for t in all {
        if let Term::Kernel { whole, .. } = t {
            match &kernel {
                None => kernel = Some(whole.clone()),
                Some(k) if k.same_as(whole) => {}
                Some(_) => return None,
            }
        }
    }
    kernel
}

/// Whether both sides are sums of terms that are free of the unknown or a coefficient
/// times one shared kernel, so that [`gather`] applies.
pub fn is_open(l: &Expr, r: &Expr, has: &dyn Fn(&Expr) -> bool) -> bool {
    match (terms(l, has), terms(r, has)) {
        (Some(a), Some(b)) => shared_kernel(a.iter().chain(&b).map(|(t, _)| t)).is_some(),
        _ => false,
    }
}

/// `l = r` with the kernel's terms on one side and the free terms on the other. The
/// side is the one that leaves fewer minus signs, as a reader chooses; the left on a
/// tie.
pub fn gather(l: &Expr, r: &Expr, has: &dyn Fn(&Expr) -> bool) -> Option<Gathered> {
    let (left, right) = (terms(l, has)?, terms(r, has)?);
    let kernel = shared_kernel(left.iter().chain(&right).map(|(t, _)| t))?;
    let split = |side: &[(Term, Expr)]| -> (Vec<(Expr, Expr)>, Vec<Expr>) {
        let mut with = Vec::new();
        let mut without = Vec::new();
        for (t, printed) in side {
            match t {
                Term::Free => without.push(printed.clone()),
                Term::Kernel { coef, .. } => with.push((coef.clone(), printed.clone())),
            }
        }
        (with, without)
    };
    let negated = |ts: &[Expr]| ts.iter().map(|t| expr::neg(t.clone())).collect::<Vec<_>>();
    let printed = |ts: &[(Expr, Expr)]| ts.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>();
    let coefs = |ts: &[(Expr, Expr)]| ts.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
    // The kernel's terms kept on side `a`, the other side's brought over; the free
    // terms the other way. Returns both new sides, the coefficients, what was added.
    let orient = |(ak, af): &(Vec<(Expr, Expr)>, Vec<Expr>),
                  (bk, bf): &(Vec<(Expr, Expr)>, Vec<Expr>),
                  swapped: bool| {
        let mut kt = printed(ak);
        kt.extend(negated(&printed(bk)));
        let mut ft = bf.clone();
        ft.extend(negated(af));
        let mut cs = coefs(ak);
        cs.extend(negated(&coefs(bk)));
        let mut added = negated(&printed(bk));
        added.extend(negated(af));
        (expr::add(kt), expr::add(ft), cs, added, swapped)
    };
    let (left, right) = (split(&left), split(&right));
    let on_left = orient(&left, &right, false);
    let on_right = orient(&right, &left, true);
    let minus_signs = |c: &(Expr, Expr, Vec<Expr>, Vec<Expr>, bool)| {
        [&c.0, &c.1]
            .into_iter()
            .map(|side| match side.node() {
                Node::Add(ts) => ts.iter().filter(|t| t.is_negative_term()).count(),
                _ => usize::from(side.is_negative_term()),
            })
            .sum::<usize>()
    };
    let (with, without, cs, added, swapped) = if minus_signs(&on_right) < minus_signs(&on_left) {
        on_right
    } else {
        on_left
    };
    // Positive terms first, as a reader writes `1 - y exp(2 x)`.
    let (plus, minus): (Vec<Expr>, Vec<Expr>) =
        added.into_iter().partition(|t| !t.is_negative_term());
    let added = expr::add(plus.into_iter().chain(minus).collect());
    let moved = if swapped {
        (without.clone(), with.clone())
    } else {
        (with.clone(), without.clone())
    };
    let factored = (cs.len() > 1).then(|| {
        let product = expr::mul(vec![expr::add(cs), kernel.clone()]);
        if swapped {
            (without, product)
        } else {
            (product, without)
        }
    });
    Some(Gathered {
        added,
        moved,
        factored,
        kernel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};
    use crate::print::text::to_text;

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    fn has_x(e: &Expr) -> bool {
        e.any(&mut |n| n.as_symbol().is_some_and(|s| s.name.as_ref() == "x"))
    }

    #[test]
    fn the_kernel_goes_to_the_side_with_fewer_minus_signs() {
        let g = gather(&p("y exp(2 x) + y"), &p("exp(2 x) - 1"), &has_x).unwrap();
        assert_eq!(to_text(&g.kernel), "exp(2 x)");
        assert_eq!(to_text(&g.moved.0), "y + 1");
        assert_eq!(to_text(&g.moved.1), "exp(2 x) - y exp(2 x)");
        let (l, r) = g.factored.unwrap();
        assert_eq!(
            (to_text(&l), to_text(&r)),
            ("y + 1".into(), "(1 - y) exp(2 x)".into())
        );
    }

    #[test]
    fn one_kernel_term_is_not_factored() {
        let g = gather(&p("a x - b"), &p("0"), &has_x).unwrap();
        assert_eq!(
            (to_text(&g.moved.0), to_text(&g.moved.1)),
            ("a x".into(), "b".into())
        );
        assert!(g.factored.is_none());
    }

    #[test]
    fn two_kernels_or_a_closed_bracket_are_not_linear() {
        assert!(!is_open(&p("x + exp(x)"), &p("1"), &has_x));
        assert!(!is_open(&p("a (x + 1)"), &p("1"), &has_x));
        assert!(!is_open(&p("x exp(x)"), &p("1"), &has_x));
        assert!(is_open(&p("a x + b"), &p("c x"), &has_x));
    }
}
