//! Training the learned model from coded posts, and judging it on people it was not
//! trained on.
//!
//! In: [`Example`]s (a post's features by name, as [`super::Classifier::feature_names`]
//! gives them, with the purpose and topics people coded) and [`TrainOptions`]. Out: a
//! [`Model`] ([`fit`]), its file ([`fit_file`], the JSON `data/model/model.json` holds), and
//! [`Judged`] figures from leaving each person out in turn ([`leave_one_person_out`]).
//!
//! The purposes are one multinomial logistic regression (codes weighted so that each
//! counts as much as the others: a rare code is not drowned), the topics one logistic
//! regression each; both with an L2 penalty, fitted by L-BFGS (the `argmin` crate). Only
//! features seen in at least `min_count` training posts are kept, so a model holds what
//! several posts taught it, not one post's words. Native only: the page applies models,
//! it does not train them.

use std::collections::HashMap;

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;

use super::agreement::cohen_kappa;
use super::model::{Adaptation, Correction, Model, ModelFile, ModelInfo};
use crate::error::{Error, ErrorKind, Result};

/// One coded post, as training sees it.
#[derive(Debug, Clone)]
pub struct Example {
    /// Whose post (for leaving people out).
    pub person: String,
    /// The post's id in their archive (to list what the model got wrong).
    pub id: String,
    /// Its features, `prefix:text` with a value.
    pub features: Vec<(String, f32)>,
    /// The coded purpose, an index into the purposes trained for.
    pub purpose: usize,
    /// The coded topics, indices into the topics trained for (`other` included).
    pub topics: Vec<usize>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The inverse strength of the L2 penalty on the purpose weights (as scikit-learn's
    /// `C`: the loss summed over posts plus half the squared weights over `C`).
    pub purpose_c: f64,
    /// The same for the topic weights.
    pub topic_c: f64,
    /// Keep only features seen in at least this many training posts.
    pub min_count: u32,
    /// A topic is given at this probability.
    pub topic_threshold: f64,
    /// L-BFGS iterations at most.
    pub max_iters: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            purpose_c: 0.3,
            topic_c: 1.0,
            min_count: 2,
            topic_threshold: 0.4,
            max_iters: 300,
        }
    }
}

/// Posts as sparse rows over a kept vocabulary.
struct Design {
    names: Vec<String>,
    rows: Vec<Vec<(u32, f32)>>,
}

impl Design {
    fn of(examples: &[&Example], min_count: u32) -> Design {
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for ex in examples {
            let mut seen: Vec<&str> = ex.features.iter().map(|(n, _)| n.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            for n in seen {
                *counts.entry(n).or_default() += 1;
            }
        }
        let mut names: Vec<String> = counts
            .into_iter()
            .filter(|(_, c)| *c >= min_count)
            .map(|(n, _)| n.to_string())
            .collect();
        names.sort();
        let col: HashMap<&str, u32> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i as u32))
            .collect();
        let rows = examples
            .iter()
            .map(|ex| {
                let mut row: HashMap<u32, f32> = HashMap::new();
                for (n, v) in &ex.features {
                    if let Some(&c) = col.get(n.as_str()) {
                        *row.entry(c).or_default() += v;
                    }
                }
                let mut row: Vec<(u32, f32)> = row.into_iter().collect();
                row.sort_unstable_by_key(|(c, _)| *c);
                row
            })
            .collect();
        Design { names, rows }
    }
}

/// `z` = each class's bias plus the row's features times their weights (`w` is
/// `[feature][class]`, then the biases): the linear scores both models start from.
fn scores_into(z: &mut [f64], bias: &[f64], row: &[(u32, f32)], w: &[f64]) {
    let k = z.len();
    z.copy_from_slice(bias);
    for &(c, v) in row {
        let base = c as usize * k;
        for j in 0..k {
            z[j] += w[base + j] * f64::from(v);
        }
    }
}

/// Adds the L2 penalty on the feature weights (never the biases) to a loss and its
/// gradient.
fn add_l2(l2: f64, weights: &[f64], loss: &mut f64, grad: &mut [f64]) {
    for (g, &wi) in grad.iter_mut().zip(weights) {
        *loss += 0.5 * l2 * wi * wi;
        *g += l2 * wi;
    }
}

/// Softmax regression over sparse rows: weights `[feature][class]` then one bias per class.
struct Softmax<'a> {
    rows: &'a [Vec<(u32, f32)>],
    labels: &'a [usize],
    sample_weights: &'a [f64],
    features: usize,
    classes: usize,
    l2: f64,
}

impl Softmax<'_> {
    /// The loss and its gradient at `w`.
    fn loss_and_gradient(&self, w: &[f64]) -> (f64, Vec<f64>) {
        let (f, k) = (self.features, self.classes);
        let bias = &w[f * k..];
        let mut grad = vec![0.0; w.len()];
        let mut loss = 0.0;
        let mut z = vec![0.0; k];
        for ((row, &y), &s) in self.rows.iter().zip(self.labels).zip(self.sample_weights) {
            scores_into(&mut z, bias, row, w);
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = z.iter().map(|x| (x - max).exp()).sum();
            loss += s * (max + sum.ln() - z[y]);
            for j in 0..k {
                let d = s * ((z[j] - max).exp() / sum - f64::from(u8::from(j == y)));
                grad[f * k + j] += d;
                for &(c, v) in row {
                    grad[c as usize * k + j] += d * f64::from(v);
                }
            }
        }
        add_l2(self.l2, &w[..f * k], &mut loss, &mut grad[..f * k]);
        (loss, grad)
    }
}

/// Independent logistic regressions, one per topic, over sparse rows.
struct Logistic<'a> {
    rows: &'a [Vec<(u32, f32)>],
    /// Per post, per topic: coded or not.
    labels: &'a [Vec<bool>],
    features: usize,
    topics: usize,
    l2: f64,
}

impl Logistic<'_> {
    fn loss_and_gradient(&self, w: &[f64]) -> (f64, Vec<f64>) {
        let (f, k) = (self.features, self.topics);
        let bias = &w[f * k..];
        let mut grad = vec![0.0; w.len()];
        let mut loss = 0.0;
        let mut z = vec![0.0; k];
        for (row, labels) in self.rows.iter().zip(self.labels) {
            scores_into(&mut z, bias, row, w);
            for j in 0..k {
                let y = f64::from(u8::from(labels[j]));
                // log(1 + e^z) - y z, written to stay finite for large |z|.
                loss += z[j].max(0.0) + (-z[j].abs()).exp().ln_1p() - y * z[j];
                let d = 1.0 / (1.0 + (-z[j]).exp()) - y;
                grad[f * k + j] += d;
                for &(c, v) in row {
                    grad[c as usize * k + j] += d * f64::from(v);
                }
            }
        }
        add_l2(self.l2, &w[..f * k], &mut loss, &mut grad[..f * k]);
        (loss, grad)
    }
}

/// Lets argmin minimise a loss given with its gradient.
struct Problem<F: Fn(&[f64]) -> (f64, Vec<f64>)>(F);

impl<F: Fn(&[f64]) -> (f64, Vec<f64>)> CostFunction for Problem<F> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, w: &Vec<f64>) -> std::result::Result<f64, argmin::core::Error> {
        Ok((self.0)(w).0)
    }
}

impl<F: Fn(&[f64]) -> (f64, Vec<f64>)> Gradient for Problem<F> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, w: &Vec<f64>) -> std::result::Result<Vec<f64>, argmin::core::Error> {
        Ok((self.0)(w).1)
    }
}

fn minimise(
    size: usize,
    max_iters: u64,
    loss: impl Fn(&[f64]) -> (f64, Vec<f64>),
) -> Result<Vec<f64>> {
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(1e-5)
        .and_then(|s| s.with_tolerance_cost(1e-10))
        .map_err(|e| Error::new(ErrorKind::Invalid, format!("training: {e}")))?;
    let result = Executor::new(Problem(loss), solver)
        .configure(|state| state.param(vec![0.0; size]).max_iters(max_iters))
        .run()
        .map_err(|e| Error::new(ErrorKind::Invalid, format!("training did not finish: {e}")))?;
    result
        .state()
        .get_best_param()
        .cloned()
        .ok_or_else(|| Error::new(ErrorKind::Invalid, "training found no weights"))
}

/// Trains a model file from `examples`, coding `purposes` and `topics` (`no_topic`, such
/// as `other`, is the topic given when none is likely enough; it is not learnt).
pub fn fit_file(
    examples: &[&Example],
    purposes: &[String],
    topics: &[String],
    no_topic: Option<&str>,
    options: &TrainOptions,
    info: ModelInfo,
) -> Result<ModelFile> {
    if examples.is_empty() {
        return Err(Error::new(ErrorKind::Invalid, "no coded posts to train on"));
    }
    let design = Design::of(examples, options.min_count);
    let no_topic_index = no_topic.and_then(|c| topics.iter().position(|x| x == c));
    let wp = fit_purposes(examples, &design, purposes.len(), options)?;
    let wt = fit_topics(examples, &design, topics.len(), no_topic_index, options)?;
    let (mut bias, features) =
        rounded_weights(design.names, (&wp, purposes.len()), (&wt, topics.len()));
    if let Some(j) = no_topic_index {
        // Never given by its own score: only when no other topic is likely.
        bias[purposes.len() + j] = -100.0;
    }
    Ok(ModelFile {
        format: super::model::FORMAT,
        info,
        purposes: purposes.to_vec(),
        topics: topics.to_vec(),
        topic_threshold: options.topic_threshold,
        max_topics: 3,
        no_topic: no_topic.map(String::from),
        bias,
        features,
    })
}

/// The purpose weights (`p` classes): one softmax over the design, each feature's `p`
/// weights in a row, then the `p` biases.
fn fit_purposes(
    examples: &[&Example],
    design: &Design,
    p: usize,
    options: &TrainOptions,
) -> Result<Vec<f64>> {
    let f = design.names.len();
    let labels: Vec<usize> = examples.iter().map(|e| e.purpose).collect();
    // Each purpose weighs as much in all as any other ("balanced").
    let mut per_class = vec![0usize; p];
    for &y in &labels {
        per_class[y] += 1;
    }
    let n = examples.len() as f64;
    let sample_weights: Vec<f64> = labels
        .iter()
        .map(|&y| n / (p as f64 * per_class[y] as f64))
        .collect();
    let softmax = Softmax {
        rows: &design.rows,
        labels: &labels,
        sample_weights: &sample_weights,
        features: f,
        classes: p,
        l2: 1.0 / options.purpose_c,
    };
    minimise(f * p + p, options.max_iters, |w| {
        softmax.loss_and_gradient(w)
    })
}

/// The topic weights (`t` topics, each its own yes-or-no): laid out as the purposes'.
/// The no-topic topic is never a label, so it learns nothing.
fn fit_topics(
    examples: &[&Example],
    design: &Design,
    t: usize,
    no_topic_index: Option<usize>,
    options: &TrainOptions,
) -> Result<Vec<f64>> {
    let f = design.names.len();
    let topic_labels: Vec<Vec<bool>> = examples
        .iter()
        .map(|e| {
            (0..t)
                .map(|j| e.topics.contains(&j) && Some(j) != no_topic_index)
                .collect()
        })
        .collect();
    let logistic = Logistic {
        rows: &design.rows,
        labels: &topic_labels,
        features: f,
        topics: t,
        l2: 1.0 / options.topic_c,
    };
    minimise(f * t + t, options.max_iters, |w| {
        logistic.loss_and_gradient(w)
    })
}

/// The model file's biases (purposes', then topics') and each feature's weights, rounded
/// to four places. `wp` and `wt` are the fitted weights, each with its number of classes.
fn rounded_weights(
    names: Vec<String>,
    (wp, p): (&[f64], usize),
    (wt, t): (&[f64], usize),
) -> (Vec<f64>, Vec<(String, Vec<f64>)>) {
    let f = names.len();
    let round = |x: f64| (x * 1e4).round() / 1e4;
    let mut bias: Vec<f64> = wp[f * p..].iter().map(|&x| round(x)).collect();
    bias.extend(wt[f * t..].iter().map(|&x| round(x)));
    let features = names
        .into_iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let mut w: Vec<f64> = wp[i * p..(i + 1) * p].iter().map(|&x| round(x)).collect();
            w.extend(wt[i * t..(i + 1) * t].iter().map(|&x| round(x)));
            // A feature whose weights all round to nothing tells the model nothing.
            w.iter().any(|x| *x != 0.0).then_some((name, w))
        })
        .collect();
    (bias, features)
}

/// Trains a model ready to code with.
pub fn fit(
    examples: &[&Example],
    purposes: &[String],
    topics: &[String],
    no_topic: Option<&str>,
    options: &TrainOptions,
) -> Result<Model> {
    let file = fit_file(
        examples,
        purposes,
        topics,
        no_topic,
        options,
        ModelInfo::default(),
    )?;
    Model::from_file(file)
}

/// The figures of one person left out.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Fold {
    /// Who was left out (and coded by the model trained on everyone else).
    pub person: String,
    /// Their coded posts.
    pub posts: usize,
    /// Cohen's kappa of the model's purposes with the people's.
    pub purpose_kappa: f64,
    /// Share of posts whose purpose matches.
    pub purpose_agreement: f64,
    /// Micro-averaged F1 of the model's topics against the people's.
    pub topic_micro_f1: f64,
    /// Purpose kappa after the person corrected some of their posts: (corrections,
    /// kappa on the posts not corrected), averaged over several random draws.
    pub with_corrections: Vec<(usize, f64)>,
    /// The posts whose purpose the model got wrong: id, the people's purpose, the model's.
    pub misses: Vec<(String, String, String)>,
}

/// The figures of leaving each person out in turn.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Judged {
    /// One per person.
    pub folds: Vec<Fold>,
    /// Their means.
    pub mean_purpose_kappa: f64,
    pub min_purpose_kappa: f64,
    pub mean_topic_micro_f1: f64,
    /// The purposes, in the order of `confusion`.
    pub purposes: Vec<String>,
    /// Over every fold: `confusion[coded][given]` counts posts people coded with the first
    /// purpose and the model gave the second.
    pub confusion: Vec<Vec<u32>>,
}

/// How many corrections the judging simulates, and how many random draws of each.
const CORRECTION_STEPS: [usize; 4] = [10, 25, 50, 100];
const CORRECTION_DRAWS: u64 = 5;

/// Trains on all people but one and codes that one, for each person in turn.
pub fn leave_one_person_out(
    examples: &[Example],
    purposes: &[String],
    topics: &[String],
    no_topic: Option<&str>,
    options: &TrainOptions,
    mut progress: impl FnMut(&str),
) -> Result<Judged> {
    let mut people: Vec<&str> = examples.iter().map(|e| e.person.as_str()).collect();
    people.dedup();
    people.sort_unstable();
    people.dedup();
    let mut folds = Vec::new();
    let mut confusion = vec![vec![0u32; purposes.len()]; purposes.len()];
    for person in people {
        progress(person);
        let train: Vec<&Example> = examples.iter().filter(|e| e.person != person).collect();
        let test: Vec<&Example> = examples.iter().filter(|e| e.person == person).collect();
        let model = fit(&train, purposes, topics, no_topic, options)?;
        let rows: Vec<Vec<(u32, f32)>> = test
            .iter()
            .map(|e| model.rows_of_names(&e.features))
            .collect();
        let decided: Vec<(usize, Vec<usize>)> = rows
            .iter()
            .map(|r| model.decide(&model.logits(r, None)))
            .collect();
        let gold: Vec<usize> = test.iter().map(|e| e.purpose).collect();
        let got: Vec<usize> = decided.iter().map(|d| d.0).collect();
        let f1 = topic_micro_f1(
            test.iter().map(|e| e.topics.as_slice()),
            decided.iter().map(|d| d.1.as_slice()),
        );
        let with_corrections = corrections_curve(&model, &test, &rows);
        for (&g, &m) in gold.iter().zip(&got) {
            confusion[g][m] += 1;
        }
        folds.push(Fold {
            person: person.to_string(),
            posts: test.len(),
            purpose_kappa: kappa_of(&gold, &got),
            purpose_agreement: gold.iter().zip(&got).filter(|(a, b)| a == b).count() as f64
                / gold.len().max(1) as f64,
            topic_micro_f1: f1,
            with_corrections,
            misses: test
                .iter()
                .zip(&got)
                .filter(|(e, m)| e.purpose != **m)
                .map(|(e, &m)| {
                    (
                        e.id.clone(),
                        purposes[e.purpose].clone(),
                        purposes[m].clone(),
                    )
                })
                .collect(),
        });
    }
    let k: Vec<f64> = folds.iter().map(|f| f.purpose_kappa).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let topic: Vec<f64> = folds.iter().map(|f| f.topic_micro_f1).collect();
    Ok(Judged {
        mean_purpose_kappa: mean(&k),
        min_purpose_kappa: k.iter().copied().fold(f64::INFINITY, f64::min),
        mean_topic_micro_f1: mean(&topic),
        folds,
        purposes: purposes.to_vec(),
        confusion,
    })
}

fn kappa_of(gold: &[usize], got: &[usize]) -> f64 {
    let a: Vec<String> = gold.iter().map(usize::to_string).collect();
    let b: Vec<String> = got.iter().map(usize::to_string).collect();
    cohen_kappa(
        a.iter()
            .map(String::as_str)
            .zip(b.iter().map(String::as_str)),
    )
    .unwrap_or(0.0)
}

/// Micro-averaged F1 of topic sets.
pub fn topic_micro_f1<'a>(
    gold: impl Iterator<Item = &'a [usize]>,
    got: impl Iterator<Item = &'a [usize]>,
) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (g, m) in gold.zip(got) {
        tp += m.iter().filter(|t| g.contains(t)).count();
        fp += m.iter().filter(|t| !g.contains(t)).count();
        fn_ += g.iter().filter(|t| !m.contains(t)).count();
    }
    let denominator = 2 * tp + fp + fn_;
    if denominator == 0 {
        return 1.0;
    }
    2.0 * tp as f64 / denominator as f64
}

/// Purpose kappa on the posts left after the person corrects `k` random ones.
fn corrections_curve(
    model: &Model,
    test: &[&Example],
    rows: &[Vec<(u32, f32)>],
) -> Vec<(usize, f64)> {
    // The share of the person's posts each feature is in, as the page knows it.
    let spread = Adaptation::spread_of(rows.iter());
    let mut curve = Vec::new();
    for &k in &CORRECTION_STEPS {
        if k * 2 > test.len() {
            break;
        }
        let mut total = 0.0;
        for draw in 0..CORRECTION_DRAWS {
            let order = shuffled(test.len(), draw * 1000 + k as u64);
            let (taught, rest) = order.split_at(k);
            let corrections: Vec<Correction> = taught
                .iter()
                .map(|&i| Correction {
                    rows: rows[i].clone(),
                    purpose: test[i].purpose,
                    topics: test[i].topics.clone(),
                })
                .collect();
            let adapt = Adaptation::learn(model, &corrections, &spread);
            let gold: Vec<usize> = rest.iter().map(|&i| test[i].purpose).collect();
            let got: Vec<usize> = rest
                .iter()
                .map(|&i| model.decide(&model.logits(&rows[i], Some(&adapt))).0)
                .collect();
            total += kappa_of(&gold, &got);
        }
        curve.push((k, total / CORRECTION_DRAWS as f64));
    }
    curve
}

/// 0..n in a fixed pseudo-random order (a seeded shuffle; no randomness from outside).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, next() % (i + 1));
    }
    order
}
