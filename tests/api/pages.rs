//! The web pages: served by the binary with a `'self'`-only policy and no
//! inline script or style, the API's headers unchanged on every route, the
//! language, map tiles through the server, and directions.

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::helpers::{spawn_app, spawn_app_configured};

const PAGES: [&str; 5] = ["/", "/outlet", "/file", "/status", "/console"];
const ASSETS: [&str; 10] = [
    "style.css",
    "common.js",
    "map.js",
    "finder.js",
    "outlet.js",
    "file.js",
    "status.js",
    "console.js",
    "charts.js",
    "icon.svg",
];

/// Every source a policy allows: each directive's values must be `'self'` or `'none'`.
fn only_self(csp: &str) -> bool {
    csp.split(';').all(|d| {
        let mut words = d.split_whitespace();
        words.next().is_some() && words.all(|w| w == "'self'" || w == "'none'")
    })
}

#[tokio::test]
async fn pages_and_assets_allow_only_self_and_carry_no_inline_code() {
    let app = spawn_app().await;
    let paths =
        (PAGES.iter().map(|p| p.to_string())).chain(ASSETS.iter().map(|a| format!("/assets/{a}")));
    for path in paths {
        let res = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap().to_owned();
        assert!(
            csp.contains("default-src 'self'") && only_self(&csp),
            "{path}: {csp}"
        );
        assert!(
            csp.contains("script-src 'self'") && csp.contains("style-src 'self'"),
            "{path}: {csp}"
        );
        assert_eq!(
            (
                h["x-frame-options"].to_str().unwrap(),
                h["x-content-type-options"].to_str().unwrap()
            ),
            ("DENY", "nosniff")
        );
        let body = res.text().await.unwrap();
        if PAGES.contains(&path.as_str()) {
            assert!(
                body.starts_with("<!doctype html>\n<html lang=\"zh\""),
                "{path}"
            );
            // No inline script or style: every script has a src, no handlers or style attributes.
            assert_eq!(
                body.matches("<script").count(),
                body.matches("<script src=\"/assets/").count(),
                "{path}"
            );
            for inline in ["<style", " style=", " onclick=", " onload=", "javascript:"] {
                assert!(!body.contains(inline), "{path} has {inline}");
            }
            assert!(
                !body.contains("http://") && !body.contains("https://"),
                "{path} loads nothing from elsewhere"
            );
        }
    }
    let res = app
        .client
        .get(format!("{}/assets/nothing.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn every_api_route_keeps_the_api_policy() {
    let app = spawn_app().await;
    let (_, doc) = app.get("/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() > 80);
    for path in paths.keys() {
        let concrete = filled(path);
        let res = app
            .client
            .get(format!("{}{concrete}", app.address))
            .send()
            .await
            .unwrap();
        let h = res.headers();
        assert_eq!(
            h["content-security-policy"].to_str().unwrap(),
            "default-src 'none'; frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    }
}

/// The path with every `{parameter}` replaced by a plain word.
fn filled(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => inside = true,
            '}' => {
                inside = false;
                out.push_str("x1");
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn the_language_comes_from_the_switch_or_accept_language() {
    let app = spawn_app().await;
    let get = |path: &str, accept: Option<&str>| {
        let mut req = app.client.get(format!("{}{path}", app.address));
        if let Some(a) = accept {
            req = req.header("Accept-Language", a);
        }
        req.send()
    };
    let en = get("/", Some("en-GB,en;q=0.9"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("<html lang=\"en\""));
    let switched = get("/?lang=zh", Some("en"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(switched.contains("<html lang=\"zh\""));
    let plain = get("/console?lang=en", None)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(plain.contains("<html lang=\"en\"") && plain.contains("data-tiles=\"off\""));
}

/// A tile server on loopback answering every request with the same PNG bytes.
fn tile_server() -> (u16, Vec<u8>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let png = b"\x89PNG\r\n\x1a\n-tile-".to_vec();
    let body = png.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 2048];
            let _ = s.read(&mut buf);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    (port, png)
}

#[tokio::test]
async fn tiles_come_through_the_server_and_directions_convert_coordinates() {
    let (port, png) = tile_server();
    let app = spawn_app_configured(|c| {
        c.map.tiles = Some(format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"));
        c.map.attribution = Some("审图号：GS(2026)0000号 <示例>".into());
    })
    .await;
    let page = app
        .client
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-tiles=\"on\""));
    assert!(
        page.contains("data-attribution=\"审图号：GS(2026)0000号 &lt;示例&gt;\""),
        "escaped"
    );
    let res = app
        .client
        .get(format!("{}/map/tiles/3/6/3", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), png);
    let outside = app
        .client
        .get(format!("{}/map/tiles/3/8/0", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), 404, "x beyond 2^z");

    let plain = spawn_app().await;
    let none = plain
        .client
        .get(format!("{}/map/tiles/3/6/3", plain.address))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 404, "no tile source configured");

    let pingyao = app.outlet_id("平遥县知识产权服务工作站").await;
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let location = |res: &reqwest::Response| res.headers()["location"].to_str().unwrap().to_owned();
    let (_, outlet) = app
        .get(&format!("/api/v1/outlets/{pingyao}?coord_sys=gcj02"))
        .await;
    let amap = no_redirect
        .get(format!("{}/map/directions/{pingyao}?app=amap", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(amap.status(), 302);
    let expected = format!(
        "https://uri.amap.com/marker?position={:.6},{:.6}&",
        outlet["location"]["lng"].as_f64().unwrap(),
        outlet["location"]["lat"].as_f64().unwrap()
    );
    assert!(
        location(&amap).starts_with(&expected),
        "{} vs {expected}",
        location(&amap)
    );
    let (_, bd) = app
        .get(&format!("/api/v1/outlets/{pingyao}?coord_sys=bd09"))
        .await;
    let baidu = no_redirect
        .get(format!(
            "{}/map/directions/{pingyao}?app=baidu",
            app.address
        ))
        .send()
        .await
        .unwrap();
    let lat = bd["location"]["lat"].as_f64().unwrap();
    assert!(
        location(&baidu).contains(&format!("location={lat:.6},")),
        "{}",
        location(&baidu)
    );
    let (s, problem) = app
        .get(&format!("/map/directions/{pingyao}?app=google"))
        .await;
    assert_eq!((s, problem["field"].as_str()), (400, Some("app")));
}
