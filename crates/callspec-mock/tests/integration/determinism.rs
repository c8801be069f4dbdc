//! Same seed, same bytes: whatever the order, whatever the concurrency.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::support::*;

fn paths() -> Vec<String> {
    let mut paths = Vec::new();
    for n in 0..6 {
        paths.push(format!("/api/v2/accounts/9900000/calls/c-{n}"));
        paths.push(format!("/v2/accounts/acc1/calls/call{n}~edge"));
        paths.push(format!("/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/d4e5f6a7-1b2c-4d3e-8f90-a1b2c3d4e5f{n}.json"));
        paths.push(format!(
            "/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f90644{n}~invalid"
        ));
        paths.push(format!("/v1/users/u-abc/calls/?page={n}&size=10"));
    }
    paths
}

/// A permutation of `0..n` from `seed` (Fisher-Yates with an LCG).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = (state >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    order
}

#[test]
fn sixteen_concurrent_clients_in_shuffled_order_get_identical_bytes() {
    let server = Arc::new(mock());
    let paths = Arc::new(paths());
    let threads: Vec<_> = (0..16u64)
        .map(|client| {
            let server = Arc::clone(&server);
            let paths = Arc::clone(&paths);
            std::thread::spawn(move || {
                let agent = agent();
                let mut bodies = BTreeMap::new();
                for i in shuffled(paths.len(), client) {
                    let got = request(&agent, "GET", &server, &paths[i], &[]);
                    assert_eq!(got.status, 200, "{}", paths[i]);
                    bodies.insert(paths[i].clone(), got.body);
                }
                bodies
            })
        })
        .collect();
    let results: Vec<BTreeMap<String, Vec<u8>>> =
        threads.into_iter().map(|t| t.join().unwrap()).collect();
    for (client, result) in results.iter().enumerate() {
        assert_eq!(result, &results[0], "client {client} saw other bytes");
    }
    // A fresh server with the same seed, asked in the reverse order, agrees.
    let fresh = mock();
    for path in paths.iter().rev() {
        assert_eq!(get(&fresh, path, &[]).body, results[0][path], "{path}");
    }
    // Another seed gives other bytes.
    let other = start(callspec_mock::Config {
        seed: 1,
        ..callspec_mock::Config::default()
    });
    assert_ne!(get(&other, &paths[0], &[]).body, results[0][&paths[0]]);
}
