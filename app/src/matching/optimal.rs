//! The exact optimum: the most pairs, then the highest total score.
//!
//! A flow network on the sparse graph of eligible pairs: source → student (1 place),
//! student → offer (1 place, cost −score), offer → sink (its free places). Two steps:
//!
//! 1. **Most pairs**: a maximum flow (Dinic's blocking flows, from a greedy start).
//! 2. **Highest score among those**: a minimum-cost circulation in the residual network
//!    of that flow, by cost scaling (Goldberg–Tarjan push–relabel). A circulation keeps
//!    the number of pairs; it only swaps who goes where, so the result is the cheapest
//!    maximum flow: the contract's optimum.
//!
//! Scores are compared in thousandths of a point (integers) and multiplied by the number
//! of nodes plus one, so that the last phase (ε = 1) leaves no cycle of negative cost:
//! the optimum is exact, not approximate. See docs/matching.md for the choice.

use super::instance::{Edge, Prepared};
use super::Observer;
use std::collections::VecDeque;

/// Score in thousandths of a point.
pub(crate) fn milli(score: f64) -> i64 {
    (score * 1000.0).round() as i64
}

const STEP_ELIGIBLE: &str = "Recherche des offres éligibles";
const STEP_COUNT: &str = "Le plus de binômes possible";
const STEP_SCORE: &str = "Le meilleur score total";

/// How much ε shrinks from one cost-scaling phase to the next.
const SCALING: i64 = 16;

/// A network stored by node (compressed rows): the arcs leaving node `v` are
/// `first[v]..first[v + 1]`; `reverse[a]` is the residual twin of arc `a`.
struct Network {
    first: Vec<usize>,
    head: Vec<u32>,
    reverse: Vec<u32>,
    residual: Vec<i32>,
    cost: Vec<i64>,
}

impl Network {
    /// Builds the network from (from, to, capacity, cost) arcs; returns it with the
    /// position of each given arc.
    fn new(nodes: usize, arcs: &[(u32, u32, i32, i64)]) -> (Network, Vec<usize>) {
        let mut degree = vec![0usize; nodes + 1];
        for &(from, to, _, _) in arcs {
            degree[from as usize + 1] += 1;
            degree[to as usize + 1] += 1;
        }
        for v in 0..nodes {
            degree[v + 1] += degree[v];
        }
        let first = degree.clone();
        let mut next = degree;
        let total = 2 * arcs.len();
        let mut network = Network {
            first,
            head: vec![0; total],
            reverse: vec![0; total],
            residual: vec![0; total],
            cost: vec![0; total],
        };
        let mut position = Vec::with_capacity(arcs.len());
        for &(from, to, capacity, cost) in arcs {
            let forward = next[from as usize];
            next[from as usize] += 1;
            let backward = next[to as usize];
            next[to as usize] += 1;
            network.head[forward] = to;
            network.head[backward] = from;
            network.reverse[forward] = backward as u32;
            network.reverse[backward] = forward as u32;
            network.residual[forward] = capacity;
            network.cost[forward] = cost;
            network.cost[backward] = -cost;
            position.push(forward);
        }
        (network, position)
    }

    fn nodes(&self) -> usize {
        self.first.len() - 1
    }

    fn push(&mut self, arc: usize, amount: i32) {
        self.residual[arc] -= amount;
        self.residual[self.reverse[arc] as usize] += amount;
    }

    /// Maximum flow from `source` to `sink` by Dinic's algorithm. Every path starts
    /// with a source arc of one place, so each augmentation carries one unit.
    fn max_flow(&mut self, source: usize, sink: usize) {
        let nodes = self.nodes();
        let mut level = vec![u32::MAX; nodes];
        let mut current = vec![0usize; nodes];
        let mut queue = VecDeque::new();
        let mut path: Vec<usize> = Vec::new();
        loop {
            level.fill(u32::MAX);
            level[source] = 0;
            queue.push_back(source);
            while let Some(v) = queue.pop_front() {
                for a in self.first[v]..self.first[v + 1] {
                    let w = self.head[a] as usize;
                    if self.residual[a] > 0 && level[w] == u32::MAX {
                        level[w] = level[v] + 1;
                        queue.push_back(w);
                    }
                }
            }
            if level[sink] == u32::MAX {
                return;
            }
            current.copy_from_slice(&self.first[..nodes]);
            // Blocking flow: depth-first along the levels, without recursion.
            let mut v = source;
            loop {
                if v == sink {
                    for &a in &path {
                        self.push(a, 1);
                    }
                    path.clear();
                    v = source;
                    continue;
                }
                let mut advanced = false;
                while current[v] < self.first[v + 1] {
                    let a = current[v];
                    let w = self.head[a] as usize;
                    if self.residual[a] > 0 && level[w] == level[v] + 1 {
                        path.push(a);
                        v = w;
                        advanced = true;
                        break;
                    }
                    current[v] += 1;
                }
                if advanced {
                    continue;
                }
                if v == source {
                    break;
                }
                level[v] = u32::MAX; // dead end for this phase
                let Some(a) = path.pop() else { break };
                v = self.head[self.reverse[a] as usize] as usize;
                current[v] += 1;
            }
        }
    }

    /// Turns the current flow into a minimum-cost one of the same value (cost scaling).
    fn min_cost_circulation(&mut self, observer: &mut Observer) {
        let nodes = self.nodes();
        let scale = nodes as i64 + 1;
        self.cost.iter_mut().for_each(|c| *c *= scale);
        let mut price = vec![0i64; nodes];
        let mut excess = vec![0i64; nodes];
        let mut current = vec![0usize; nodes];
        let mut active = VecDeque::new();
        let mut epsilon = self.cost.iter().map(|c| c.abs()).max().unwrap_or(0).max(1);
        let phases =
            std::iter::successors(Some(epsilon), |&e| (e > 1).then(|| (e / SCALING).max(1)))
                .count()
                - 1;
        let mut phase = 0;
        while epsilon > 1 {
            observer.step(STEP_SCORE, 45, 95, phase, phases);
            epsilon = (epsilon / SCALING).max(1);
            self.refine(epsilon, &mut price, &mut excess, &mut current, &mut active);
            phase += 1;
        }
        self.cost.iter_mut().for_each(|c| *c /= scale);
    }

    /// From an ε·SCALING-optimal circulation to an ε-optimal one: saturate every arc of
    /// negative reduced cost, then push the excesses back along admissible arcs
    /// (negative reduced cost), lowering a node's price when it has none.
    fn refine(
        &mut self,
        epsilon: i64,
        price: &mut [i64],
        excess: &mut [i64],
        current: &mut [usize],
        active: &mut VecDeque<usize>,
    ) {
        let nodes = self.nodes();
        for v in 0..nodes {
            for a in self.first[v]..self.first[v + 1] {
                let w = self.head[a] as usize;
                let amount = self.residual[a];
                if amount > 0 && self.cost[a] + price[v] - price[w] < 0 {
                    self.push(a, amount);
                    excess[v] -= i64::from(amount);
                    excess[w] += i64::from(amount);
                }
            }
        }
        current.copy_from_slice(&self.first[..nodes]);
        active.extend((0..nodes).filter(|&v| excess[v] > 0));
        while let Some(v) = active.pop_front() {
            // Discharge v.
            while excess[v] > 0 {
                if current[v] == self.first[v + 1] {
                    // Relabel: the highest price that makes one residual arc admissible.
                    let mut best = i64::MIN;
                    for a in self.first[v]..self.first[v + 1] {
                        if self.residual[a] > 0 {
                            let w = self.head[a] as usize;
                            best = best.max(price[w] - self.cost[a]);
                        }
                    }
                    // A node with excess always has a residual arc back to where it came from.
                    price[v] = best - epsilon;
                    current[v] = self.first[v];
                    continue;
                }
                let a = current[v];
                let w = self.head[a] as usize;
                if self.residual[a] > 0 && self.cost[a] + price[v] - price[w] < 0 {
                    let amount = excess[v].min(i64::from(self.residual[a]));
                    self.push(a, amount as i32);
                    excess[v] -= amount;
                    let before = excess[w];
                    excess[w] += amount;
                    if before <= 0 && excess[w] > 0 {
                        active.push_back(w);
                    }
                } else {
                    current[v] += 1;
                }
            }
        }
    }
}

/// The offer of each student, if any, and whether they had any eligible offer at all.
pub(crate) fn assign(p: &Prepared, observer: &mut Observer) -> (Vec<Option<Edge>>, Vec<bool>) {
    let students = p.students();
    let offers = p.free_capacity.len();
    let mut assigned: Vec<Option<Edge>> = vec![None; students];
    let mut had_any = vec![false; students];
    for &(s, edge) in &p.locked {
        assigned[s] = Some(edge);
        had_any[s] = true;
    }
    let source = students + offers;
    let sink = source + 1;
    let mut arcs: Vec<(u32, u32, i32, i64)> = Vec::new();
    let mut edges: Vec<(usize, Edge)> = Vec::new();
    let mut free_places = p.free_capacity.clone();
    for s in 0..students {
        if s.is_multiple_of(1024) {
            observer.step(STEP_ELIGIBLE, 5, 35, s, students);
        }
        if assigned[s].is_some() {
            continue;
        }
        let eligible = p.eligible(s);
        had_any[s] = !eligible.is_empty();
        let mut usable = eligible
            .into_iter()
            .filter(|e| p.free_capacity[e.offer] > 0)
            .peekable();
        if usable.peek().is_none() {
            continue;
        }
        arcs.push((source as u32, s as u32, 1, 0));
        for edge in usable {
            arcs.push((
                s as u32,
                (students + edge.offer) as u32,
                1,
                -milli(edge.score),
            ));
            edges.push((arcs.len() - 1, edge));
        }
    }
    for (o, &places) in p.free_capacity.iter().enumerate() {
        if places > 0 {
            arcs.push(((students + o) as u32, sink as u32, places as i32, 0));
        }
    }
    let (mut network, position) = Network::new(sink + 1, &arcs);
    drop(arcs);

    // Greedy start (each student takes their best offer with a free place): the maximum
    // flow then only has to repair around it.
    let mut greedy_taken = vec![false; students];
    for &(arc, edge) in &edges {
        let s = network.head[network.reverse[position[arc]] as usize] as usize;
        if !greedy_taken[s] && free_places[edge.offer] > 0 {
            greedy_taken[s] = true;
            free_places[edge.offer] -= 1;
            network.push(position[arc], 1);
        }
    }
    for s in (0..students).filter(|&s| greedy_taken[s]) {
        let a = (network.first[s]..network.first[s + 1])
            .find(|&a| network.head[a] as usize == source)
            .map(|a| network.reverse[a] as usize);
        if let Some(from_source) = a {
            network.push(from_source, 1);
        }
    }
    for (o, (&places, &left)) in p.free_capacity.iter().zip(&free_places).enumerate() {
        let used = places - left;
        if used > 0 {
            let node = students + o;
            if let Some(a) = (network.first[node]..network.first[node + 1])
                .find(|&a| network.head[a] as usize == sink && network.residual[a] > 0)
            {
                network.push(a, used as i32);
            }
        }
    }

    observer.step(STEP_COUNT, 35, 45, 0, 1);
    network.max_flow(source, sink);
    network.min_cost_circulation(observer);
    for (arc, edge) in edges {
        if network.residual[position[arc]] == 0 {
            let s = network.head[network.reverse[position[arc]] as usize] as usize;
            assigned[s] = Some(edge);
        }
    }
    (assigned, had_any)
}
