//! ipr-service: the REST API behind China's public intellectual-property
//! service network (知识产权公共服务网络).

pub mod agencies;
pub mod api;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod directory;
pub mod domain;
pub mod error;
pub mod evaluation;
pub mod exchange;
pub mod hotline;
pub mod i18n;
pub mod jobs;
pub mod keys;
pub mod metrics;
pub mod outreach;
pub mod programmes;
pub mod sealing;
pub mod seed;
pub mod site;
pub mod startup;
pub mod state;
pub mod telemetry;
