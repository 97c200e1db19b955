//! The API's own layers, as one middleware: authentication, the start-up
//! gate, literal-path 405s, overlong parameters and NUL characters before the
//! handler; ETags, compression, problem documents and security headers after
//! it. They were seven `from_fn` layers whose order was the reverse of their
//! `wrap` calls; here it reads top to bottom. (Folding them did not change a
//! nearest answer's cost beyond the noise: README, Performance.)

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::api::http::auth::identify;
use crate::api::http::compress::{accepted, compressed};
use crate::api::http::conditional::ConditionalGet;
use crate::api::http::fallback::{as_problem, literal_path_refusal};
use crate::api::http::headers::secure;
use crate::api::http::loading;
use crate::api::http::parameter_text::refused_parameter;
use crate::error::AppError;

/// Runs a request through the layers, innermost last: refusals first (a bad
/// key, a directory still loading, a method a literal path does not serve),
/// then the handler, its ETag and compression; every answer, refusals too,
/// leaves as a problem document when it is an error, with security headers.
pub async fn api_layers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = match refusal(&req).await {
        Some(refused) => req.error_response(refused),
        None => answer(req, next).await?,
    };
    let mut res = as_problem(res);
    secure(&mut res);
    Ok(res)
}

/// Why a request is refused before its handler, if it is.
async fn refusal(req: &ServiceRequest) -> Option<AppError> {
    if let Err(e) = identify(req).await {
        return Some(e);
    }
    loading::refusal(req)
        .or_else(|| literal_path_refusal(req))
        .or_else(|| refused_parameter(req))
}

/// The handler's answer with its ETag (or a 304), compressed when asked.
async fn answer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let coding = accepted(&req);
    let conditional = ConditionalGet::of(&req);
    let res = next.call(req).await?.map_into_boxed_body();
    let res = match conditional {
        Some(conditional) => conditional.answer(res).await?,
        None => res,
    };
    compressed(coding, res).await
}
