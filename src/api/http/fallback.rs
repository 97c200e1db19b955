//! Unmatched requests (404 / 405 with `Allow`) and the step that makes every
//! error response a localized problem document.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::body::BoxBody;
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::error::{render, AppError, Problem, PROBLEM_JSON};
use crate::i18n::Lang;

/// The documented paths with their methods, to tell 405 from 404.
#[derive(Debug, Clone)]
pub struct RouteTable {
    routes: Arc<Vec<(ResourceDef, Vec<Method>)>>,
    /// Paths without parameters, which take precedence over templated ones
    /// (`/knowledge/review` over `/knowledge/{id}`), as in OpenAPI.
    literal: Arc<HashMap<String, Vec<Method>>>,
}

impl RouteTable {
    /// Built from the OpenAPI document, so it lists exactly the served operations.
    pub fn from_openapi(spec: &OpenApi) -> Self {
        let mut routes: Vec<(ResourceDef, Vec<Method>)> = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods: Vec<Method> = Vec::new();
                let ops = [
                    (Method::GET, item.get.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ];
                methods.extend(ops.into_iter().filter(|(_, has)| *has).map(|(m, _)| m));
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        routes.push((ResourceDef::new("/openapi.json"), vec![Method::GET]));
        routes.push((ResourceDef::new("/docs"), vec![Method::GET]));
        let literal = (routes.iter())
            .filter(|(def, _)| !def.pattern().unwrap_or_default().contains('{'))
            .map(|(def, methods)| {
                (
                    def.pattern().unwrap_or_default().to_owned(),
                    methods.clone(),
                )
            })
            .collect();
        Self {
            routes: Arc::new(routes),
            literal: Arc::new(literal),
        }
    }

    /// The methods of a path without parameters, when `path` is one.
    fn literal(&self, path: &str) -> Option<&[Method]> {
        self.literal.get(path).map(Vec::as_slice)
    }

    /// The parameters of the first route matching `path`, as (name, raw
    /// value); none for a path without parameters or no route.
    pub fn parameters(&self, path: &str) -> Vec<(String, String)> {
        if self.literal(path).is_some() {
            return Vec::new();
        }
        let mut matched = actix_web::dev::Path::new(path.to_owned());
        let found = (self.routes.iter()).any(|(def, _)| def.capture_match_info(&mut matched));
        if !found {
            return Vec::new();
        }
        (matched.iter())
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect()
    }

    /// Methods served on a path, merged over every route matching it.
    pub fn allowed(&self, path: &str) -> Vec<Method> {
        if let Some(methods) = self.literal(path) {
            return methods.to_vec();
        }
        let mut allow: Vec<Method> = Vec::new();
        for (_, methods) in self.routes.iter().filter(|(def, _)| def.is_match(path)) {
            for method in methods {
                if !allow.contains(method) {
                    allow.push(method.clone());
                }
            }
        }
        allow
    }
}

/// The default service: 405 where the path exists with other methods, else 404.
pub async fn not_found(
    req: HttpRequest,
    routes: web::Data<RouteTable>,
) -> Result<HttpResponse, AppError> {
    let allow = routes.allowed(req.path());
    Err(if allow.is_empty() {
        AppError::NoRoute
    } else {
        AppError::MethodNotAllowed { allow }
    })
}

/// A method not served on a path without parameters is a 405 there, even
/// when a templated path would take it (`PUT /knowledge/review` is not
/// `PUT /knowledge/{id}` with the id `review`).
pub fn literal_path_refusal(req: &ServiceRequest) -> Option<AppError> {
    let routes = req.app_data::<web::Data<RouteTable>>()?;
    let methods = routes.literal(req.path())?;
    let served = methods.contains(req.method()) || *req.method() == Method::HEAD;
    (!served && *req.method() != Method::OPTIONS).then(|| AppError::MethodNotAllowed {
        allow: methods.to_vec(),
    })
}

/// `/docs` without the trailing slash leads to the Swagger UI.
pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}

/// Re-renders error responses in the request's language with its path, and
/// turns any error that is not yet a problem document into one.
pub fn as_problem(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    if res.status().as_u16() < 400 {
        return res;
    }
    let lang = Lang::from_request(res.request());
    let path = res.request().path().to_owned();
    // Open311 handlers render their own error arrays, which Open311 clients expect.
    if path.starts_with("/open311/") && res.response().error().is_none() {
        return res;
    }
    if let Some(app) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    {
        let response = render(app, lang, Some(path));
        return res.into_response(response);
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return res;
    }
    let detail = res
        .response()
        .error()
        .filter(|_| res.status().is_client_error())
        .map(ToString::to_string);
    let response = generic_problem(res.status(), lang, detail, path);
    res.into_response(response)
}

fn generic_problem(
    status: StatusCode,
    lang: Lang,
    detail: Option<String>,
    path: String,
) -> HttpResponse {
    let reason = status.canonical_reason().unwrap_or("Error");
    let fallback = if status.is_server_error() {
        lang.pick(
            "服务器出错，已记录，请稍后重试",
            "the server failed; the error was logged, please retry later",
        )
    } else {
        reason
    };
    let problem = Problem {
        type_uri: "about:blank".into(),
        title: reason.into(),
        status: status.as_u16(),
        detail: detail.unwrap_or_else(|| fallback.to_owned()),
        code: format!("http_{}", status.as_u16()),
        field: None,
        instance: Some(path),
    };
    HttpResponse::build(status)
        .content_type(PROBLEM_JSON)
        .json(problem)
}
