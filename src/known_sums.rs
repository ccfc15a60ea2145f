//! Known sums of defined symbols, as a teacher cites them. A proof about
//! `sum_j p_j (delta_ij - p_i)` with `p_j` the softmax does not unfold every `p` to
//! show that they add up: it cites `sum_j p_j = 1`. Such a sum is proven here first,
//! by the engine's own checked rules from the definition, and becomes a lemma only
//! when that proof is verified and holds everywhere. A goal that is itself such a sum
//! is shown from the definition, so it never cites its own statement.

use crate::context::{Context, Fact, FactKind, Head};
use crate::engine::{Limits, Outcome};
use crate::expr::{self, Expr, Index, Node};
use crate::reason::{Kind, Part, Reason};
use crate::verify::CheckContext;

/// `cited` with the lemma `sum_j p_j = 1` for each defined family `p_j` that the
/// goal sums over its index and whose definition proves it in `ctx`; `None` when
/// there is none. (`cited` may know the family only through lemmas about its
/// derivatives; the sum is proven from the definition all the same.)
pub fn with_known_sums(
    goal: &[&Expr],
    ctx: &Context,
    cited: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Option<Context> {
    let mut out = cited.clone();
    for def in &ctx.definitions {
        let Head::Symbol(symbol) = &def.head else {
            continue;
        };
        let [Index::Var(j)] = symbol.indices.as_slice() else {
            continue;
        };
        if !goal.iter().any(|g| sums_family(g, &symbol.name)) {
            continue;
        }
        // Over the bounds of the definition's own sum: `sum_{k=1}^{n} exp(x_k)`.
        let mut bounds = None;
        def.body.any(&mut |n| match n.node() {
            Node::Sum { lower, upper, .. } => {
                bounds = Some((lower.clone(), upper.clone()));
                true
            }
            _ => false,
        });
        let Some((lower, upper)) = bounds else {
            continue;
        };
        let total = expr::sum(j.clone(), lower, upper, Expr::symbol(symbol.clone()));
        if goal.iter().any(|g| g.canonical() == total.canonical()) {
            continue;
        }
        let proven = crate::engine::prove(&total, &Expr::one(), ctx, check, limits);
        let holds =
            matches!(&proven, Ok(Outcome::Proven(d)) if d.verified && d.conditions.is_empty());
        if holds {
            out.facts.push(Fact {
                name: Reason {
                    kind: Kind::Lemma,
                    phrase: vec![
                        Part::Words("the ".into()),
                        def.name(),
                        Part::Words(" sum to 1".into()),
                    ],
                },
                lhs: total,
                rhs: Expr::one(),
                params: Vec::new(),
                kind: FactKind::Lemma,
            });
        }
    }
    (out.facts.len() > cited.facts.len()).then_some(out)
}

/// Does `e` sum the family `name` over an index of its own (`sum_j p_j (...)`)?
fn sums_family(e: &Expr, name: &str) -> bool {
    e.any(&mut |n| match n.node() {
        Node::Sum { index, body, .. } => body.any(&mut |m| {
            m.as_symbol()
                .is_some_and(|s| &*s.name == name && s.indices == [Index::Var(index.clone())])
        }),
        _ => false,
    })
}
