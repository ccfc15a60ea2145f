//! Differentiation, one layer at a time. [`layer`] applies the rule that fits the top
//! of a derivative's body and leaves `d/dx` on the parts still to differentiate;
//! [`derivative_step`] applies it at every innermost derivative of an expression and,
//! as a teacher does, finishes the elementary derivatives under it in the same step.

use crate::context::Context;
use crate::expr::{self, Builtin, Expr, Func, Index, Kinds, Node, Symbol};

/// `d/dvar body`, one rule deep: the result (possibly with derivatives of parts of
/// `body` left in it) and the rule's name. `None` when no rule applies (an undefined
/// function, or a defined symbol that must be unfolded first).
pub fn layer(body: &Expr, var: &Symbol, ctx: &Context) -> Option<(Expr, &'static str)> {
    let d = |e: &Expr| expr::deriv(e.clone(), var.clone());
    if !ctx.depends_on(body, var) {
        return Some((Expr::zero(), "constant rule"));
    }
    let out = match body.node() {
        Node::Sym(s) if s == var => (Expr::one(), "variable rule"),
        Node::Sym(s) => (
            indexed_variable(s, var)?,
            "derivative of an indexed variable",
        ),
        Node::Add(terms) => (expr::add(terms.iter().map(d).collect()), "sum rule"),
        Node::Mul(factors) => {
            let (constant, varying): (Vec<Expr>, Vec<Expr>) = factors
                .iter()
                .cloned()
                .partition(|f| !ctx.depends_on(f, var));
            if varying.len() == 1 {
                let mut fs = constant;
                fs.push(d(&varying[0]));
                (expr::mul(fs), "constant factor rule")
            } else {
                let terms = (0..varying.len())
                    .map(|i| {
                        let mut fs = constant.clone();
                        fs.extend(varying.iter().enumerate().map(|(j, f)| {
                            if i == j {
                                d(f)
                            } else {
                                f.clone()
                            }
                        }));
                        expr::mul(fs)
                    })
                    .collect();
                (expr::add(terms), "product rule")
            }
        }
        Node::Div(u, v) if !ctx.depends_on(v, var) => {
            (expr::div(d(u), v.clone()), "constant factor rule")
        }
        Node::Div(u, v) => {
            let numerator = expr::sub(
                expr::mul(vec![d(u), v.clone()]),
                expr::mul(vec![u.clone(), d(v)]),
            );
            (
                expr::div(numerator, expr::pow(v.clone(), Expr::int(2))),
                "quotient rule",
            )
        }
        Node::Pow(base, exponent) if !ctx.depends_on(exponent, var) => {
            let lowered = expr::pow(
                base.clone(),
                expr::add(vec![exponent.clone(), Expr::int(-1)]),
            );
            if base.as_symbol() == Some(var) {
                (expr::mul(vec![exponent.clone(), lowered]), "power rule")
            } else {
                (
                    expr::mul(vec![exponent.clone(), lowered, d(base)]),
                    "chain rule",
                )
            }
        }
        Node::Pow(base, exponent) if !ctx.depends_on(base, var) => (
            expr::mul(vec![
                body.clone(),
                expr::call1(Builtin::Log, base.clone()),
                d(exponent),
            ]),
            "exponential rule",
        ),
        Node::Pow(base, exponent) => {
            // d(b^e) = b^e (e' log b + e b' / b)
            let inner = expr::add(vec![
                expr::mul(vec![d(exponent), expr::call1(Builtin::Log, base.clone())]),
                expr::div(expr::mul(vec![exponent.clone(), d(base)]), base.clone()),
            ]);
            (expr::mul(vec![body.clone(), inner]), "general power rule")
        }
        Node::Call(Func::Builtin(f), args) => {
            let u = &args[0];
            let outer = outer_derivative(*f, u);
            if u.as_symbol() == Some(var) {
                (outer, derivative_name(*f))
            } else {
                (expr::mul(vec![outer, d(u)]), "chain rule")
            }
        }
        Node::Call(Func::User(_), _) => return None,
        Node::Sum {
            index,
            lower,
            upper,
            body: summand,
        } => (
            expr::sum(index.clone(), lower.clone(), upper.clone(), d(summand)),
            "derivative of a sum",
        ),
        Node::Num(_) | Node::Delta(..) | Node::Deriv(..) | Node::Equation(..) => return None,
    };
    Some(out)
}

/// `d x_j / d x_i = delta_ij`; for several indices, the product of deltas.
fn indexed_variable(s: &Symbol, var: &Symbol) -> Option<Expr> {
    if s.name != var.name || s.indices.len() != var.indices.len() || s.indices.is_empty() {
        return None;
    }
    let deltas = s
        .indices
        .iter()
        .zip(&var.indices)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| match (a, b) {
            (Index::Fixed(x), Index::Fixed(y)) if x != y => Expr::zero(),
            _ => expr::delta(b.clone(), a.clone()),
        })
        .collect();
    Some(expr::mul(deltas))
}

/// f'(u) for a built-in f.
fn outer_derivative(f: Builtin, u: &Expr) -> Expr {
    let of = |g: Builtin| expr::call1(g, u.clone());
    match f {
        Builtin::Exp => of(Builtin::Exp),
        Builtin::Log => expr::div(Expr::one(), u.clone()),
        Builtin::Sqrt => expr::div(
            Expr::one(),
            expr::mul(vec![Expr::int(2), of(Builtin::Sqrt)]),
        ),
        Builtin::Sin => of(Builtin::Cos),
        Builtin::Cos => expr::neg(of(Builtin::Sin)),
        Builtin::Tan => expr::div(Expr::one(), expr::pow(of(Builtin::Cos), Expr::int(2))),
        Builtin::Sinh => of(Builtin::Cosh),
        Builtin::Cosh => of(Builtin::Sinh),
        Builtin::Tanh => expr::sub(Expr::one(), expr::pow(of(Builtin::Tanh), Expr::int(2))),
        Builtin::Sigma => expr::mul(vec![
            of(Builtin::Sigma),
            expr::sub(Expr::one(), of(Builtin::Sigma)),
        ]),
    }
}

fn derivative_name(f: Builtin) -> &'static str {
    match f {
        Builtin::Exp => "derivative of exp",
        Builtin::Log => "derivative of log",
        Builtin::Sqrt => "derivative of sqrt",
        Builtin::Sin => "derivative of sin",
        Builtin::Cos => "derivative of cos",
        Builtin::Tan => "derivative of tan",
        Builtin::Sinh => "derivative of sinh",
        Builtin::Cosh => "derivative of cosh",
        Builtin::Tanh => "derivative of tanh",
        Builtin::Sigma => "derivative of sigma",
    }
}

/// Is `d/dvar body` elementary enough to finish inside the step that produced it:
/// constants, the variable, sums and constant multiples of such, powers of the
/// variable, and functions of a linear argument?
fn is_elementary(body: &Expr, var: &Symbol, ctx: &Context) -> bool {
    if !ctx.depends_on(body, var) {
        return true;
    }
    match body.node() {
        Node::Sym(s) => s == var || indexed_variable(s, var).is_some(),
        Node::Add(terms) => terms.iter().all(|t| is_elementary(t, var, ctx)),
        Node::Mul(factors) => {
            let varying: Vec<&Expr> = factors.iter().filter(|f| ctx.depends_on(f, var)).collect();
            varying.len() == 1 && is_elementary(varying[0], var, ctx)
        }
        Node::Div(u, v) => !ctx.depends_on(v, var) && is_elementary(u, var, ctx),
        Node::Pow(base, exponent) => {
            base.as_symbol() == Some(var) && !ctx.depends_on(exponent, var)
        }
        Node::Call(Func::Builtin(_), args) => is_linear(&args[0], var, ctx),
        _ => false,
    }
}

/// The names of the rules an elementary derivative finished inside another step
/// uses, so that the step's name hides none of them: the derivatives of built-in
/// functions (and the chain rule for their linear arguments) and the power rule.
/// Sums, constant factors and the variable itself go without saying.
fn name_finished(body: &Expr, var: &Symbol, ctx: &Context, names: &mut Vec<&'static str>) {
    if !ctx.depends_on(body, var) {
        return;
    }
    match body.node() {
        Node::Call(Func::Builtin(f), args) => {
            if args[0].as_symbol() != Some(var) {
                add_name(names, "chain rule");
            }
            add_name(names, derivative_name(*f));
        }
        Node::Pow(..) => add_name(names, "power rule"),
        Node::Add(_) | Node::Mul(_) | Node::Div(..) => {
            for k in body.children() {
                name_finished(&k, var, ctx, names);
            }
        }
        _ => {}
    }
}

/// `name` added to a step's names unless it is there already.
fn add_name(names: &mut Vec<&'static str>, name: &'static str) {
    if !names.contains(&name) {
        names.push(name);
    }
}

/// Linear in `var`: its derivative is a constant.
fn is_linear(e: &Expr, var: &Symbol, ctx: &Context) -> bool {
    if !ctx.depends_on(e, var) {
        return true;
    }
    match e.node() {
        Node::Sym(s) => s == var || indexed_variable(s, var).is_some(),
        Node::Add(terms) => terms.iter().all(|t| is_linear(t, var, ctx)),
        Node::Mul(factors) => {
            let varying: Vec<&Expr> = factors.iter().filter(|f| ctx.depends_on(f, var)).collect();
            varying.len() == 1 && is_linear(varying[0], var, ctx)
        }
        Node::Div(u, v) => !ctx.depends_on(v, var) && is_linear(u, var, ctx),
        _ => false,
    }
}

/// The whole derivative of `body`, every layer at once. Used for the elementary
/// derivatives a step finishes silently, and by tests as a reference.
pub fn differentiate_fully(body: &Expr, var: &Symbol, ctx: &Context) -> Option<Expr> {
    let (once, _) = layer(body, var, ctx)?;
    finish_derivatives(&once, &mut |b, v| differentiate_fully(b, v, ctx))
}

/// Replace every derivative node of `e` by `f(body, var)`.
fn finish_derivatives(e: &Expr, f: &mut dyn FnMut(&Expr, &Symbol) -> Option<Expr>) -> Option<Expr> {
    match e.node() {
        Node::Deriv(body, var) => f(body, var),
        _ => {
            let kids = e.children();
            if kids.is_empty() {
                return Some(e.clone());
            }
            let new = kids
                .iter()
                .map(|k| finish_derivatives(k, f))
                .collect::<Option<Vec<_>>>()?;
            Some(e.with_children(new))
        }
    }
}

/// Apply one layer at every innermost derivative of `e`, finishing elementary
/// sub-derivatives. Returns the new expression and the names of the rules applied,
/// in order, without repeats; `None` when no derivative could be taken.
pub fn derivative_step(e: &Expr, ctx: &Context) -> Option<(Expr, Vec<&'static str>)> {
    let mut names = Vec::new();
    let out = step_at(e, ctx, &mut names);
    if names.is_empty() {
        None
    } else {
        Some((out, names))
    }
}

fn step_at(e: &Expr, ctx: &Context, names: &mut Vec<&'static str>) -> Expr {
    // Most of a form a chain rule has produced holds no derivative: its inner
    // functions, repeated in every factor.
    if !has_derivative(e) {
        return e.clone();
    }
    if let Node::Deriv(body, var) = e.node() {
        if has_derivative(body) {
            return expr::deriv(step_at(body, ctx, names), var.clone());
        }
        return one_layer(body, var, ctx, names, false).unwrap_or_else(|| e.clone());
    }
    e.map_children(&mut |k| step_at(k, ctx, names))
}

/// Layers that only pull linear structure out of a derivative: constant factors and
/// sums. A teacher takes them together ("derivative of a sum; `y_j` is constant"),
/// so after one of them the step goes on through the next ones of their kind.
const LINEAR: &[&str] = &["constant factor rule", "derivative of a sum"];

/// `d/dvar body`, one layer deep, with the elementary derivatives under it finished
/// and, after a linear layer, the linear layers under it taken too. With
/// `linear_only`, `None` unless the layer is linear.
fn one_layer(
    body: &Expr,
    var: &Symbol,
    ctx: &Context,
    names: &mut Vec<&'static str>,
    linear_only: bool,
) -> Option<Expr> {
    let (once, name) = layer(body, var, ctx)?;
    let linear = LINEAR.contains(&name);
    if linear_only && !linear {
        return None;
    }
    add_name(names, name);
    // The chain rule's outer derivative is a rule of its own: "chain rule, derivative
    // of tanh", "chain rule, power rule".
    match body.node() {
        Node::Call(Func::Builtin(f), _) => add_name(names, derivative_name(*f)),
        Node::Pow(..) if name == "chain rule" => add_name(names, "power rule"),
        _ => {}
    }
    let finished = finish_derivatives(&once, &mut |b, v| {
        if is_elementary(b, v, ctx) {
            name_finished(b, v, ctx, names);
            differentiate_fully(b, v, ctx)
        } else if linear {
            Some(
                one_layer(b, v, ctx, names, true)
                    .unwrap_or_else(|| expr::deriv(b.clone(), v.clone())),
            )
        } else {
            Some(expr::deriv(b.clone(), v.clone()))
        }
    });
    Some(finished.unwrap_or(once))
}

pub fn has_derivative(e: &Expr) -> bool {
    e.kinds().meets(Kinds::DERIV)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn names(src: &str) -> Vec<&'static str> {
        let e = parse_expr(src, &Names::default()).unwrap();
        derivative_step(&e, &Context::default()).unwrap().1
    }

    #[test]
    fn a_step_names_the_derivatives_it_finishes_inside_its_layer() {
        assert_eq!(
            names("d/dx x^2 sin(x)"),
            ["product rule", "power rule", "derivative of sin"]
        );
        assert_eq!(
            names("d/dx tanh(a x)"),
            ["chain rule", "derivative of tanh"]
        );
        assert_eq!(
            names("d/dx exp(-x^2 / 2)"),
            ["chain rule", "derivative of exp", "power rule"]
        );
        // What goes without saying: constant factors, sums, the variable itself.
        assert_eq!(names("d/dx (3 x + c)"), ["sum rule"]);
        assert_eq!(names("d/dx tanh(x)"), ["derivative of tanh"]);
    }
}
