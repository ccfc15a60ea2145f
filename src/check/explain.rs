//! Which rules take one form to the next: a small breadth-first search over single
//! applications of the engine's own rules, grown from both ends and keyed by
//! [`Expr::canonical`], so it meets in the middle. The moves are the proof search's
//! own ([`crate::rules::moves`]): read forwards from the line above, and backwards,
//! under their inverse names, from the line below, so a named rule is what the step
//! does as a reader reads it (`1` written as `u / u` is not "cancel").

use crate::context::Context;
use crate::expr::Expr;
use crate::reason::Reason;
use crate::rules::moves::{self, Move};
use crate::rules::Memo;
use std::collections::HashMap;

/// How much searching one step may do.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Rule applications from each end, at most.
    pub depth: usize,
    /// Forms expanded, from both ends together.
    pub expansions: usize,
    /// Forms larger than this many times the larger end are not pursued.
    pub growth: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            depth: 8,
            expansions: 40,
            growth: 3,
        }
    }
}

/// The rules that take `from` to `to`, in order; empty when the two are the same up
/// to the order of terms; `None` when the budget runs out first.
pub fn explain(from: &Expr, to: &Expr, ctx: &Context, budget: &Budget) -> Option<Vec<Reason>> {
    let (a, b) = (from.canonical(), to.canonical());
    if a == b {
        return Some(Vec::new());
    }
    let limit = budget.growth * from.size().max(to.size()) + 20;
    let mut sides = [Side::new(from, a), Side::new(to, b)];
    let mut expansions = 0;
    let mut memo = Memo::default();
    loop {
        // Grow the side with the smaller frontier; stop when neither can grow.
        let pick = match (sides[0].can_grow(budget), sides[1].can_grow(budget)) {
            (false, false) => return None,
            (true, false) => 0,
            (false, true) => 1,
            (true, true) => usize::from(sides[1].frontier.len() < sides[0].frontier.len()),
        };
        let frontier = std::mem::take(&mut sides[pick].frontier);
        sides[pick].depth += 1;
        for (key, form) in frontier {
            if expansions == budget.expansions {
                return None;
            }
            expansions += 1;
            for (rule, next) in moves_from(pick == 0, &form, ctx, &mut memo) {
                if next.size() > limit {
                    continue;
                }
                let next_key = next.canonical();
                if sides[pick].seen.contains_key(&next_key) {
                    continue;
                }
                sides[pick]
                    .seen
                    .insert(next_key.clone(), Some((key.clone(), rule)));
                if sides[1 - pick].seen.contains_key(&next_key) {
                    let (forward, backward) = if pick == 0 {
                        (&sides[0], &sides[1])
                    } else {
                        (&sides[1], &sides[0])
                    };
                    let mut rules = forward.path_to(&next_key);
                    rules.reverse();
                    rules.extend(backward.path_to(&next_key));
                    // One rule applied twice in a row is named once.
                    rules.dedup();
                    return Some(rules);
                }
                sides[pick].frontier.push((next_key, next));
            }
        }
    }
}

/// One end of the search: every form reached (with the form it came from and the
/// rule), and the forms reached last.
struct Side {
    seen: HashMap<Expr, Option<(Expr, Reason)>>,
    frontier: Vec<(Expr, Expr)>,
    depth: usize,
}

impl Side {
    fn new(form: &Expr, key: Expr) -> Side {
        Side {
            seen: HashMap::from([(key.clone(), None)]),
            frontier: vec![(key, form.clone())],
            depth: 0,
        }
    }

    fn can_grow(&self, budget: &Budget) -> bool {
        !self.frontier.is_empty() && self.depth < budget.depth
    }

    /// The rules from `key` back to this side's end, nearest first.
    fn path_to(&self, key: &Expr) -> Vec<Reason> {
        let mut rules = Vec::new();
        let mut at = key;
        while let Some(Some((parent, rule))) = self.seen.get(at) {
            rules.push(rule.clone());
            at = parent;
        }
        rules
    }
}

/// Every form one rule application away from `e`, with the rule's name as the step
/// reads top to bottom: forwards on the line above's side, backwards on the line
/// below's. One layer of differentiation is a move on both sides (the rules it names
/// describe the step either way).
fn moves_from(above: bool, e: &Expr, ctx: &Context, memo: &mut Memo) -> Vec<Move> {
    let mut out = if above {
        moves::forwards(e, ctx, memo)
    } else {
        moves::backwards(e, ctx, memo)
    };
    out.extend(moves::derivative(e, ctx));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    fn names(rules: &Option<Vec<Reason>>) -> Option<Vec<String>> {
        rules
            .as_ref()
            .map(|rules| rules.iter().map(Reason::name).collect())
    }

    #[test]
    fn finds_the_rules_between_two_forms() {
        let ctx = Context::with_builtin_definitions();
        let budget = Budget::default();
        let rules = explain(&p("d/dx x sin(x)"), &p("sin(x) + x cos(x)"), &ctx, &budget);
        assert_eq!(
            names(&rules),
            Some(vec!["product rule, derivative of sin".to_string()])
        );
        let rules = explain(
            &p("tanh(x)"),
            &p("(exp(x) - exp(-x)) / (exp(x) + exp(-x))"),
            &ctx,
            &budget,
        );
        assert_eq!(names(&rules), Some(vec!["definition of tanh".to_string()]));
        // Read backwards from the far end: folding is the same definition.
        let rules = explain(
            &p("(exp(x) - exp(-x)) / (exp(x) + exp(-x))"),
            &p("tanh(x)"),
            &ctx,
            &budget,
        );
        assert_eq!(names(&rules), Some(vec!["definition of tanh".to_string()]));
        assert_eq!(
            explain(&p("a + b"), &p("b + a"), &ctx, &budget),
            Some(vec![])
        );
    }

    #[test]
    fn a_factor_shared_once_by_a_term_that_has_it_twice() {
        let ctx = Context::default();
        let rules = explain(
            &p("p_j p_j + p_j"),
            &p("p_j (p_j + 1)"),
            &ctx,
            &Budget::default(),
        );
        assert_eq!(names(&rules), Some(vec!["common factor".to_string()]));
    }

    #[test]
    fn a_rule_read_from_the_line_below_carries_its_inverse_name() {
        // Cancelling `u / u` to 1 is what the rule does; the step from 1 to `u / u`
        // does the opposite and must not be called "cancel".
        let ctx = Context::default();
        let rules = explain(
            &p("1 + a"),
            &p("(b + 1) / (b + 1) + a"),
            &ctx,
            &Budget::default(),
        );
        assert_eq!(
            names(&rules),
            Some(vec![
                "multiply numerator and denominator by the same factor".to_string()
            ])
        );
    }

    #[test]
    fn gives_up_within_the_budget() {
        let ctx = Context::with_builtin_definitions();
        let tight = Budget {
            depth: 1,
            expansions: 5,
            growth: 3,
        };
        assert_eq!(explain(&p("x"), &p("x + 1"), &ctx, &tight), None);
    }
}
