//! The published specs: fresh (a plain `cargo test` fails when `specs/` is stale, like
//! `cargo xtask specs --check`, so `specs/` itself pins every schema), valid draft 2020-12, one
//! for every registered resource; and the catalog built from the providers' tables.

use std::path::Path;

#[test]
fn specs_directory_is_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    if let Err(error) = callspec::specs::sync(&dir, callspec::specs::Mode::Check) {
        panic!("{error}");
    }
}

#[test]
fn every_registered_resource_has_a_published_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let missing: Vec<String> = callspec::resources()
        .iter()
        .map(|r| r.spec_path())
        .filter(|path| !dir.join(path).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "registered resources without a published schema under specs/ (run `cargo xtask \
         specs`): {missing:?}"
    );
}

#[test]
fn catalog_is_built_from_the_providers_tables() {
    let ids: Vec<&str> = callspec::resources().iter().map(|r| r.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "resource ids are sorted and unique");
    let registered: usize = callspec::PROVIDERS.iter().map(|p| p.resources.len()).sum();
    assert_eq!(ids.len(), registered);
    for provider in callspec::PROVIDERS {
        for resource in provider.resources() {
            assert!(
                resource.id.starts_with(&format!("{}/", provider.name)),
                "`{}` is registered by `{}`",
                resource.id,
                provider.name
            );
        }
        for endpoint in provider.endpoints {
            assert!(
                endpoint.id.starts_with(&format!("{}/", provider.name)),
                "`{}` is registered by `{}`",
                endpoint.id,
                provider.name
            );
        }
    }
    for endpoint in callspec::endpoints() {
        for id in endpoint
            .responses
            .iter()
            .filter_map(|r| r.resource)
            .chain(endpoint.query)
        {
            assert!(
                callspec::resource(id).is_some(),
                "{} names unknown resource {id}",
                endpoint.id
            );
        }
    }
}

#[test]
fn routing_by_url() {
    let cases = [
        (
            "GET",
            "voice.bandwidth.com",
            "/api/v2/accounts/5555555/calls/c-1",
            Some("bandwidth/voice-v2/get-call-state"),
        ),
        (
            "GET",
            "api.catapult.inetwork.com",
            "/v1/users/u-1/calls/",
            Some("bandwidth/catapult-v1/list-calls"),
        ),
        (
            "GET",
            "api.apifonica.com",
            "/v2/accounts/a/calls/c",
            Some("apifonica/v2/get-call"),
        ),
        (
            "GET",
            "example.signalwire.com",
            "/api/laml/2010-04-01/Accounts/a/Calls/c.json",
            Some("signalwire/laml-2010-04-01/get-call"),
        ),
        (
            "GET",
            "example.signalwire.com",
            "/api/laml/2010-04-01/Accounts/a/Calls/c",
            Some("signalwire/laml-2010-04-01/get-call"),
        ),
        (
            "GET",
            "nam.cc.vonage.com",
            "/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449",
            Some("vonage/v0/get-call-detail"),
        ),
        ("GET", "xyz.cc.vonage.com", "/v0/a1b2c3d4e5/calls/x", None),
        (
            "POST",
            "voice.bandwidth.com",
            "/api/v2/accounts/5555555/calls/c-1",
            None,
        ),
        (
            "GET",
            "voice.bandwidth.com",
            "/api/v2/accounts/5555555/calls",
            None,
        ),
    ];
    for (method, host, path, expected) in cases {
        assert_eq!(
            callspec::route(method, host, path).map(|e| e.id),
            expected,
            "{method} {host}{path}"
        );
    }
}
