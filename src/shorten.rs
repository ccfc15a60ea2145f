//! Cutting detours from a found derivation by search. The chains that find a proof
//! wander: they expand and factor back, split a term and collect it again, or reach a
//! form by several steps where two other rules would do. Every form of the found
//! proof is a waypoint with a known cost (its steps from the start, and to the end);
//! a bidirectional search grows both ends out of all waypoints at once, one rule
//! application per edge (forwards from the start's side, read backwards from the
//! end's side), cheapest forms first, and the cheapest route from the start to the
//! end through any forms wins. Near each waypoint it also follows two cheap chains:
//! the light algebra's first choices, and the proof's own later steps replayed. A
//! route is only taken when it is strictly shorter, so the found proof is the
//! fallback; every new edge is checked like any other step, and an edge the check
//! rejects is banned and the search run again.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::context::Context;
use crate::derivation::{Derivation, Step};
use crate::expr::{Builtin, Expr, Func, Node};
use crate::fast_hash::{FastMap, FastSet};
use crate::reason::{Kind, Reason};
use crate::rules::{algebra, moves, Memo};
use crate::verify::{check_step, CheckContext, Verdict};

/// Forms the search may expand, over both sides: the safety net that keeps a long
/// proof's shortening fast. A proof of a dozen steps is searched through in full.
const EXPANSIONS: usize = 600;

/// Nodes of expanded forms the search may go through, per form of the found proof:
/// every rule is tried on every node of a form it expands, so on large forms (the
/// derivative of a 50-term softmax) this, not [`EXPANSIONS`], ends the search. A long
/// proof has more detours to cut than a short one of large forms, so the budget
/// grows with the proof, not with its forms. Since the search ends where its sides
/// could not meet more cheaply, no proof of the sheet goes through more than 1,000
/// nodes; one of the teacher set (14 steps through large forms) ends on this budget.
const WORK_PER_FORM: usize = 1500;

/// How deep a dive of the light algebra's first choices goes from each waypoint.
const DIVE: usize = 6;

/// How many times a route with a rejected edge is searched again without it.
const RETRIES: usize = 3;

/// How far the search may stray in size from the proof's largest form: a detour
/// through bigger forms than the proof ever held is not a shortcut a reader wants.
const SIZE_SLACK: usize = 8;

/// `d` with its detours cut. A derivation resting on a case distinction is kept as it
/// is: its cases were shortened when they were derived.
pub fn shorten(d: Derivation, ctx: &Context, check: &CheckContext) -> Derivation {
    if d.steps.len() < 3 || d.steps.iter().any(|s| !s.cases.is_empty()) {
        return d;
    }
    let mut banned = FastSet::default();
    let mut memo = Memo::default();
    let _multiplied_out = algebra::remember_multiplied_out();
    for _ in 0..=RETRIES {
        let Some(route) = Search::new(&d, ctx, &banned, &mut memo).run() else {
            return d;
        };
        match checked(&d, route, check) {
            Ok(shorter) => return shorter,
            Err(edge) => {
                banned.insert(edge);
            }
        }
    }
    d
}

/// The names of the moves the search on `proof` does not take (see
/// [`Search::skipped`]), forwards and backwards.
fn skipped_moves(proof: &Derivation) -> Vec<&'static str> {
    let calls = |f: Builtin| {
        proof.steps.iter().any(|s| {
            s.expr
                .any(&mut |n| matches!(n.node(), Node::Call(Func::Builtin(g), _) if *g == f))
        })
    };
    let mut out = Vec::new();
    for rule in algebra::NO_SHORTCUT {
        out.extend([rule.name, rule.inverse]);
    }
    for (rule, brings) in algebra::IDENTITIES {
        if !brings.iter().any(|&f| calls(f)) {
            out.extend([rule.name, rule.inverse]);
        }
    }
    out
}

/// How a form was reached in the search.
#[derive(Clone)]
enum Link {
    /// The form is step `k` of the found proof.
    Proof(usize),
    /// One rule application away from another form (by its canonical key): from it,
    /// on the start's side; to it, on the end's side.
    Move { other: Expr, name: Reason },
}

#[derive(Clone)]
struct Entry {
    cost: usize,
    /// Rule applications away from the nearest waypoint: the search order.
    depth: usize,
    form: Expr,
    link: Link,
}

/// One side of the search: the cheapest known way to each form, and the frontier,
/// cheapest first (nearest a waypoint among equals, then first found).
#[derive(Default)]
struct Side {
    best: FastMap<Expr, Entry>,
    frontier: BinaryHeap<Reverse<(usize, usize, usize, Expr)>>,
    order: usize,
    /// The forms expanded so far.
    expanded: FastSet<Expr>,
}

impl Side {
    /// Record `entry` under `key` if it is cheaper than what is known.
    fn offer(&mut self, key: Expr, entry: Entry) -> bool {
        if self.best.get(&key).is_some_and(|e| e.cost <= entry.cost) {
            return false;
        }
        self.order += 1;
        self.frontier
            .push(Reverse((entry.cost, entry.depth, self.order, key.clone())));
        self.best.insert(key, entry);
        true
    }

    /// Drop the stale entries (forms since reached more cheaply) from the top of the
    /// frontier.
    fn drop_stale(&mut self) {
        while let Some(Reverse((cost, _, _, key))) = self.frontier.peek() {
            if self.best[key].cost == *cost {
                return;
            }
            self.frontier.pop();
        }
    }

    /// The cost of the cheapest form still to expand; `None` when there is none.
    fn next_cost(&mut self) -> Option<usize> {
        self.drop_stale();
        self.frontier.peek().map(|Reverse((cost, ..))| *cost)
    }

    /// The cheapest form still to expand.
    fn pop(&mut self) -> Option<(Expr, Entry)> {
        self.drop_stale();
        let Reverse((_, _, _, key)) = self.frontier.pop()?;
        let entry = self.best[&key].clone();
        Some((key, entry))
    }
}

/// An edge of a route that is not a step of the found proof: (from, to), by key.
type Edge = (Expr, Expr);

/// A route from the start to the end: the steps, and which of them are new edges.
struct Route {
    steps: Vec<Step>,
    new: Vec<bool>,
}

struct Search<'a, 'm> {
    proof: &'a Derivation,
    ctx: &'a Context,
    banned: &'a FastSet<Edge>,
    /// The rules' results on subtrees, kept across the forms and the retries.
    memo: &'m mut Memo,
    start: Side,
    end: Side,
    max_size: usize,
    /// Moves the search does not take: those of [`algebra::NO_SHORTCUT`], and the
    /// identities that bring in only functions the found proof never calls (`tanh`
    /// as `sinh / cosh` in the proof of `d/dx tanh(x) = 1 - tanh(x)^2`), which lead
    /// away from the vocabulary the reader was given.
    skipped: Vec<&'static str>,
    /// The cheapest meeting so far: total cost and the form where the sides meet.
    meeting: Option<(usize, Expr)>,
    /// The nodes of the forms expanded so far (see [`WORK_PER_FORM`]).
    work: usize,
}

impl<'a, 'm> Search<'a, 'm> {
    fn new(
        proof: &'a Derivation,
        ctx: &'a Context,
        banned: &'a FastSet<Edge>,
        memo: &'m mut Memo,
    ) -> Search<'a, 'm> {
        let n = proof.steps.len() - 1;
        let mut search = Search {
            proof,
            ctx,
            banned,
            memo,
            start: Side::default(),
            end: Side::default(),
            max_size: proof.steps.iter().map(|s| s.expr.size()).max().unwrap_or(0) + SIZE_SLACK,
            skipped: skipped_moves(proof),
            meeting: None,
            work: 0,
        };
        for (k, step) in proof.steps.iter().enumerate() {
            let key = step.expr.canonical();
            let seed = |cost| Entry {
                cost,
                depth: 0,
                form: step.expr.clone(),
                link: Link::Proof(k),
            };
            search.start.offer(key.clone(), seed(k));
            search.end.offer(key, seed(n - k));
        }
        search.meeting = Some((n, proof.steps[n].expr.canonical()));
        // A proof that passes through one form twice meets itself there.
        for step in &proof.steps {
            search.meet_at(step.expr.canonical());
        }
        search
    }

    /// The cheapest route found within the budget, if it is shorter than the proof.
    ///
    /// Each side expands its forms cheapest first, the side with the cheaper next
    /// form first, and the search ends when the two next costs `a` and `b` add up to
    /// one less than the cheapest meeting. Were both sides to see the same moves, no
    /// route it had not seen would then be cheaper: once every form of the start's
    /// side cheaper than `a` and of the end's cheaper than `b` is expanded, each
    /// route of at most `a + b` steps has a form both sides reached. They do not
    /// (the start's side applies rules, the end's finds the forms a rule takes to
    /// its own), so this ending is a prior, not a proof of optimality: the longest
    /// routes it misses are chains of rules applied forwards far from both ends,
    /// and those the dives and the replays (run from every waypoint) follow. The
    /// search that went on until no form could lie on a cheaper route found the
    /// same lengths on 57 of the 60 teacher-set problems (on one a step longer, on
    /// two a step shorter than this one) and took 2.8 times the instructions on
    /// the tanh' proof. The budgets are a safety net for large forms.
    fn run(mut self) -> Option<Route> {
        let n = self.proof.steps.len() - 1;
        for _ in 0..EXPANSIONS {
            let (a, b) = (self.start.next_cost(), self.end.next_cost());
            let (Some(a), Some(b)) = (a, b) else {
                break;
            };
            if a + b + 1 >= self.bound() || self.over_budget() {
                break;
            }
            let start = a <= b;
            let side = if start {
                &mut self.start
            } else {
                &mut self.end
            };
            if let Some((key, entry)) = side.pop() {
                self.expand(start, key, entry);
            }
        }
        // The end's side reads only some rules backwards (not the moves that
        // multiply through, nor folding a definition), so a route that ends in such
        // moves can lie beyond where the sides met. Every waypoint is expanded on
        // both sides all the same, wherever it can still lie on a cheaper route:
        // within the budget, a form of the proof one rule away from a later one is
        // found.
        for step in &self.proof.steps {
            let key = step.expr.canonical();
            for start in [true, false] {
                let side = if start { &self.start } else { &self.end };
                let entry = side.best[&key].clone();
                let worth = !side.expanded.contains(&key) && entry.cost + 1 < self.bound();
                if worth && !self.over_budget() {
                    self.expand(start, key.clone(), entry);
                }
            }
        }
        let (cost, meet) = self.meeting.clone()?;
        (cost < n).then(|| self.route(&meet))
    }

    /// Has the search gone through more nodes than [`WORK_PER_FORM`] allows?
    fn over_budget(&self) -> bool {
        self.work > WORK_PER_FORM * self.proof.steps.len()
    }

    /// The cost of the cheapest meeting so far: a form that costs as much on one side
    /// cannot lie on a cheaper route.
    fn bound(&self) -> usize {
        self.meeting.as_ref().map_or(usize::MAX, |(c, _)| *c)
    }

    /// Expand the form `key`, reached as `entry`, on the start's side (the rules
    /// read forwards) or the end's (read backwards: each form found steps to it).
    fn expand(&mut self, start: bool, key: Expr, entry: Entry) {
        self.work += entry.form.size();
        let wanted = |name: &str| !self.skipped.contains(&name);
        let moves = if start {
            moves::forwards_where(&entry.form, self.ctx, self.memo, &wanted)
        } else {
            moves::backwards_where(&entry.form, self.ctx, self.memo, &wanted)
        };
        for (name, form) in moves {
            self.step(start, &key, &entry, name, form);
        }
        if start {
            self.start.expanded.insert(key.clone());
            if entry.depth <= 1 {
                self.replay(key.clone(), entry.clone());
                self.dive(key, entry);
            }
        } else {
            self.end.expanded.insert(key);
        }
    }

    /// One rule application from the form `key` (reached as `entry`) to `form`, on the
    /// start's side (`form` follows it) or the end's (`form` precedes it): offered to
    /// that side, and a meeting noted. `None` when the edge is refused (too large, or
    /// banned by a failed check); else the new form's key.
    fn step(
        &mut self,
        start: bool,
        key: &Expr,
        entry: &Entry,
        name: Reason,
        form: Expr,
    ) -> Option<Expr> {
        let form_key = form.canonical();
        let edge = if start {
            (key.clone(), form_key.clone())
        } else {
            (form_key.clone(), key.clone())
        };
        if form.size() > self.max_size || self.banned.contains(&edge) {
            return None;
        }
        let offered = Entry {
            cost: entry.cost + 1,
            depth: entry.depth + 1,
            form,
            link: Link::Move {
                other: key.clone(),
                name,
            },
        };
        let side = if start {
            &mut self.start
        } else {
            &mut self.end
        };
        if side.offer(form_key.clone(), offered) {
            self.meet_at(form_key.clone());
        }
        Some(form_key)
    }

    /// From a waypoint, the light algebra's own first choices, a few steps deep: the
    /// phases as a prior, so that a tidy-up several rules long (collect the terms,
    /// take out the common factor, cancel it) is found without trying every branch.
    fn dive(&mut self, mut key: Expr, mut entry: Entry) {
        let mut seen = vec![key.clone()];
        for _ in 0..DIVE {
            let found = algebra::LIGHT.iter().find_map(|rule| {
                let next = rule.apply_everywhere_in(&entry.form, self.ctx, self.memo)?;
                let next_key = next.canonical();
                (!seen.contains(&next_key)).then_some((rule.name, next, next_key))
            });
            let Some((name, next, next_key)) = found else {
                return;
            };
            seen.push(next_key.clone());
            if self
                .step(true, &key, &entry, Reason::rule(name), next)
                .is_none()
            {
                return;
            }
            // Go on from the cheapest known way to the form reached.
            entry = self.start.best[&next_key].clone();
            key = next_key;
        }
    }

    /// From a waypoint, or a form one step off one, the proof's own later steps
    /// replayed in order, each rule where it applies: a shortcut early in a proof
    /// changes every form after it, and the rest of the proof, done on the new forms,
    /// leads back.
    fn replay(&mut self, mut key: Expr, mut entry: Entry) {
        let origin = match &entry.link {
            Link::Proof(k) => Some(*k),
            Link::Move { other, .. } => match self.start.best[other].link {
                Link::Proof(k) => Some(k),
                Link::Move { .. } => None,
            },
        };
        let Some(k) = origin else {
            return;
        };
        for later in &self.proof.steps[k + 1..] {
            let Some(name) = later.rule_name() else {
                continue;
            };
            if self.skipped.contains(&name.as_str()) {
                continue;
            }
            // A rule step is one rule; a definition or a fact is looked up among
            // all of them (which costs more on large forms); a derivative is no
            // move at all.
            let kinds = || {
                later
                    .rule
                    .iter()
                    .flat_map(|j| j.reasons.iter().map(|r| r.kind))
            };
            let found = if kinds().all(|kind| kind == Kind::Rule) {
                moves::by_rule_named(&entry.form, self.ctx, self.memo, &name)
            } else if kinds().any(|kind| kind == Kind::Derivative) {
                None
            } else {
                moves::forwards_where(&entry.form, self.ctx, self.memo, &|_| false)
                    .into_iter()
                    .find(|(reason, _)| reason.name() == name)
            };
            let Some((reason, next)) = found else {
                continue;
            };
            // A step back onto the proof's own path, no sooner than the proof gets
            // there, gains nothing: the rule is skipped.
            if self.start.best.get(&next.canonical()).is_some_and(|known| {
                matches!(known.link, Link::Proof(_)) && known.cost <= entry.cost + 1
            }) {
                continue;
            }
            let Some(next_key) = self.step(true, &key, &entry, reason, next) else {
                return;
            };
            entry = self.start.best[&next_key].clone();
            key = next_key;
        }
    }

    /// Both sides know `key`: is the route through it the cheapest yet?
    fn meet_at(&mut self, key: Expr) {
        let (Some(a), Some(b)) = (self.start.best.get(&key), self.end.best.get(&key)) else {
            return;
        };
        let total = a.cost + b.cost;
        if self.meeting.as_ref().is_none_or(|(c, _)| total < *c) {
            self.meeting = Some((total, key));
        }
    }

    /// The steps from the start through `meet` to the end.
    fn route(&self, meet: &Expr) -> Route {
        // The start's side, walked back from the meeting to a waypoint.
        let mut ahead: Vec<(Reason, Expr)> = Vec::new();
        let mut key = meet.clone();
        let first = loop {
            let entry = &self.start.best[&key];
            match &entry.link {
                Link::Proof(k) => break *k,
                Link::Move { other, name } => {
                    ahead.push((name.clone(), entry.form.clone()));
                    key = other.clone();
                }
            }
        };
        ahead.reverse();
        let mut steps: Vec<Step> = self.proof.steps[..=first].to_vec();
        let mut new = vec![false; steps.len()];
        for (name, form) in ahead {
            steps.push(Step::by(name, form));
            new.push(true);
        }
        // The end's side, walked forwards from the meeting to a waypoint. The meeting
        // form is printed as the start's side reached it, unless it is a form of the
        // proof on the end's side: the goal's right side is printed as it was written.
        if let Link::Proof(k) = self.end.best[meet].link {
            let last = steps.len() - 1;
            if last > 0 {
                steps[last].expr = self.proof.steps[k].expr.clone();
            }
        }
        let mut key = meet.clone();
        loop {
            let entry = &self.end.best[&key];
            match &entry.link {
                Link::Proof(k) => {
                    let tail = &self.proof.steps[k + 1..];
                    new.extend(std::iter::repeat_n(false, tail.len()));
                    steps.extend(tail.iter().cloned());
                    break;
                }
                Link::Move { other, name } => {
                    let form = self.end.best[other].form.clone();
                    steps.push(Step::by(name.clone(), form));
                    new.push(true);
                    key = other.clone();
                }
            }
        }
        Route { steps, new }
    }
}

/// The route as a derivation once every new edge passes its check, or the first edge
/// that does not.
fn checked(d: &Derivation, route: Route, check: &CheckContext) -> Result<Derivation, Edge> {
    let mut conditions = d.conditions.clone();
    let mut steps = route.steps;
    for (k, is_new) in route.new.iter().enumerate().skip(1) {
        if !is_new {
            continue;
        }
        let (prev, next) = (&steps[k - 1].expr, &steps[k].expr);
        match check_step(prev, next, check, &mut conditions) {
            (Verdict::Agree, how) => steps[k].check = Some(how),
            _ => return Err((prev.canonical(), next.canonical())),
        }
    }
    Ok(Derivation {
        steps,
        conditions,
        ..d.clone()
    })
}
