//! Rewrite rules as values. A [`Rule`] carries the name a proof prints and a function
//! that looks at one node and either rewrites it or declines. Rules never decide where
//! they are applied: the strategies in `engine` do.

pub mod algebra;
pub mod calculus;
pub mod definitions;
pub mod facts;
pub mod indices;
pub mod moves;
pub mod replay;

use crate::context::Context;
use crate::expr::{Expr, Kinds, Node};
use crate::fast_hash::FastMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// A named rewrite of one node.
#[derive(Clone, Copy)]
pub struct Rule {
    /// What a step that applies the rule is called: `distribute`.
    pub name: &'static str,
    /// What the same step read backwards is called, from its result to its source:
    /// `factor out`. A proof reads the right side's chain backwards, and its printed
    /// steps say what they do in the direction they are read.
    pub inverse: &'static str,
    pub apply: fn(&Expr, &Context) -> Option<Expr>,
    /// The kinds of node `apply` may rewrite; it declines every other. A walk skips
    /// the subtrees without one, and does not call `apply` on a node of another kind
    /// (debug builds call it there all the same and insist that it declines).
    pub at: Kinds,
    /// For a rule whose rewrite of a node depends on the sums around it: the rule
    /// inside these enclosing sums (innermost last), which the walks call in place
    /// of `apply` (which is the rule inside none). A rule reads an index free in its
    /// node as free, ranging within every bound it meets, but an enclosing sum may
    /// bind it to other bounds. `None` for the rules that hold whatever the indices.
    pub scoped: Option<Scoped>,
}

/// A rule inside enclosing sums: see [`Rule::scoped`].
pub type Scoped = fn(&Expr, &Context, &[Binding]) -> Option<Expr>;

/// An enclosing sum, as a [`Rule::scoped`] rule sees it: the index it binds and the
/// bounds it runs over.
pub struct Binding {
    pub index: Rc<str>,
    pub lower: Expr,
    pub upper: Expr,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Rule {
    /// Apply the rule at every node where it applies, children before parents, once
    /// per node. `None` when it applied nowhere.
    pub fn apply_everywhere(&self, e: &Expr, ctx: &Context) -> Option<Expr> {
        if !e.kinds().meets(self.at) {
            return None;
        }
        if self.scoped.is_some() {
            return self.apply_everywhere_in(e, ctx, &mut Memo::default());
        }
        let mut changed = false;
        let out = e.map_bottom_up_shared(&mut |node| match self.apply_here(node, ctx) {
            Some(new) if new != *node => {
                changed = true;
                new
            }
            _ => node.clone(),
        });
        changed.then_some(out)
    }

    /// The rule at the root of `e` alone, not called where its kinds say it declines.
    fn apply_here(&self, e: &Expr, ctx: &Context) -> Option<Expr> {
        if self.at.meets(Kinds::of(e.node())) {
            return (self.apply)(e, ctx);
        }
        debug_assert!(
            (self.apply)(e, ctx).is_none(),
            "`{}` rewrote a node of a kind it says it declines: {e:?}",
            self.name
        );
        None
    }

    /// [`Rule::apply_everywhere`], remembering the rule's result on every subtree in
    /// `memo`: a search meets the same subtrees in form after form (a form one step
    /// from another shares most of them), and a rule's result on a subtree depends on
    /// nothing else while the context stays the same. `None` when the form comes out
    /// unchanged.
    pub fn apply_everywhere_in(&self, e: &Expr, ctx: &Context, memo: &mut Memo) -> Option<Expr> {
        fn walk(
            rule: &Rule,
            e: &Expr,
            ctx: &Context,
            memo: &mut Memo,
            scope: &mut Vec<Binding>,
        ) -> Expr {
            if !e.kinds().meets(rule.at) {
                return e.clone();
            }
            // Within a sum a scoped rule's result depends on the sums around it, so
            // it is remembered for them.
            let around = match rule.scoped {
                Some(_) => fingerprint(scope),
                None => 0,
            };
            let key = (rule.apply as usize, around, e.clone());
            if let Some(done) = memo.done.get(&key) {
                return done.clone();
            }
            let node = match (e.node(), rule.scoped) {
                (
                    Node::Sum {
                        index,
                        lower,
                        upper,
                        ..
                    },
                    Some(_),
                ) => {
                    // The children are the bounds, then the body: only the body lies
                    // within the sum.
                    let mut child = 0;
                    let binding = Binding {
                        index: index.clone(),
                        lower: lower.clone(),
                        upper: upper.clone(),
                    };
                    let mut binding = Some(binding);
                    e.map_children(&mut |k| {
                        child += 1;
                        if child < 3 {
                            return walk(rule, k, ctx, memo, scope);
                        }
                        scope.push(binding.take().expect("a sum has one body"));
                        let out = walk(rule, k, ctx, memo, scope);
                        scope.pop();
                        out
                    })
                }
                _ => e.map_children(&mut |k| walk(rule, k, ctx, memo, scope)),
            };
            let rewritten = match rule.scoped {
                Some(within) if rule.at.meets(Kinds::of(node.node())) => within(&node, ctx, scope),
                _ => rule.apply_here(&node, ctx),
            };
            let out = match rewritten {
                Some(new) if new != node => new,
                _ => node,
            };
            memo.done.insert(key, out.clone());
            out
        }
        let out = walk(self, e, ctx, memo, &mut Vec::new());
        (out != *e).then_some(out)
    }
}

/// The results of rules on subtrees, for [`Rule::apply_everywhere_in`]; one memo
/// serves one context.
#[derive(Default)]
pub struct Memo {
    /// By rule, the sums around the subtree (see [`fingerprint`]) and the subtree.
    done: FastMap<(usize, u64, Expr), Expr>,
}

/// The enclosing sums as one number, for remembering a scoped rule's results: 0
/// outside every sum, else a hash of the indices and bounds.
fn fingerprint(scope: &[Binding]) -> u64 {
    if scope.is_empty() {
        return 0;
    }
    let mut h = crate::fast_hash::FastHasher::default();
    for b in scope {
        b.index.hash(&mut h);
        b.lower.hash(&mut h);
        b.upper.hash(&mut h);
    }
    h.finish() | 1
}
