//! The exact optimum: the most pairs, then the highest total score.
//!
//! Min-cost flow on the sparse graph of eligible pairs: source → student (1 place),
//! student → offer (1 place, cost −(BIG + score)), offer → sink (its free places).
//! BIG exceeds any difference of total scores, so one more pair always beats any score
//! gain: the minimum-cost maximum flow is the contract's optimum. Scores are compared in
//! thousandths of a point (integers), so the optimum is exact, not approximate.
//!
//! Successive shortest paths with Dijkstra on reduced costs (Johnson potentials): each
//! augmentation adds one pair and keeps the flow of minimum cost for its size.

use super::instance::Prepared;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const INFINITE: i64 = i64::MAX / 4;

struct Arc {
    to: usize,
    capacity: i64,
    cost: i64,
}

struct Graph {
    arcs: Vec<Arc>,
    /// Arc indices leaving each node; arc `i ^ 1` is the reverse of arc `i`.
    out: Vec<Vec<usize>>,
}

impl Graph {
    fn new(nodes: usize) -> Self {
        Graph {
            arcs: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, capacity: i64, cost: i64) {
        self.out[from].push(self.arcs.len());
        self.arcs.push(Arc { to, capacity, cost });
        self.out[to].push(self.arcs.len());
        self.arcs.push(Arc {
            to: from,
            capacity: 0,
            cost: -cost,
        });
    }
}

/// Score in thousandths of a point.
pub(crate) fn milli(score: f64) -> i64 {
    (score * 1000.0).round() as i64
}

pub(crate) fn assign(p: &Prepared) -> Vec<Option<usize>> {
    let students = p.edges.len();
    let offers = p.free_capacity.len();
    let mut assigned = vec![None; students];
    for &(s, o) in &p.locked {
        assigned[s] = Some(o);
    }
    let source = students + offers;
    let sink = source + 1;
    let mut graph = Graph::new(sink + 1);

    let max_abs = p
        .edges
        .iter()
        .flatten()
        .map(|e| milli(e.score).abs())
        .max()
        .unwrap_or(0);
    let big = (2 * max_abs + 1) * (students as i64 + 1);
    let mut student_arcs = Vec::new(); // (arc index, student, offer)
    for s in (0..students).filter(|&s| assigned[s].is_none()) {
        graph.add(source, s, 1, 0);
        for edge in &p.edges[s] {
            if p.free_capacity[edge.offer] > 0 {
                student_arcs.push((graph.arcs.len(), s, edge.offer));
                graph.add(s, students + edge.offer, 1, -(big + milli(edge.score)));
            }
        }
    }
    for (o, &capacity) in p.free_capacity.iter().enumerate() {
        if capacity > 0 {
            graph.add(students + o, sink, capacity as i64, 0);
        }
    }

    // Initial potentials: shortest distances in the layered graph (no cycle yet).
    let mut potential = vec![0i64; sink + 1];
    for &(arc, _, o) in &student_arcs {
        let node = students + o;
        potential[node] = potential[node].min(graph.arcs[arc].cost);
    }
    potential[sink] = (0..offers)
        .map(|o| potential[students + o])
        .min()
        .unwrap_or(0)
        .min(0);

    let mut distance = vec![INFINITE; sink + 1];
    let mut via = vec![usize::MAX; sink + 1];
    loop {
        distance.iter_mut().for_each(|d| *d = INFINITE);
        distance[source] = 0;
        let mut queue = BinaryHeap::from([Reverse((0i64, source))]);
        while let Some(Reverse((d, node))) = queue.pop() {
            if d > distance[node] {
                continue;
            }
            for &arc in &graph.out[node] {
                let a = &graph.arcs[arc];
                if a.capacity == 0 {
                    continue;
                }
                let next = d + a.cost + potential[node] - potential[a.to];
                if next < distance[a.to] {
                    distance[a.to] = next;
                    via[a.to] = arc;
                    queue.push(Reverse((next, a.to)));
                }
            }
        }
        if distance[sink] >= INFINITE {
            break;
        }
        let reach = distance[sink];
        for (node, p) in potential.iter_mut().enumerate() {
            *p += distance[node].min(reach);
        }
        // One more pair along the path (every capacity on it is at least 1).
        let mut node = sink;
        while node != source {
            let arc = via[node];
            graph.arcs[arc].capacity -= 1;
            graph.arcs[arc ^ 1].capacity += 1;
            node = graph.arcs[arc ^ 1].to;
        }
    }
    for (arc, s, o) in student_arcs {
        if graph.arcs[arc].capacity == 0 {
            assigned[s] = Some(o);
        }
    }
    assigned
}
