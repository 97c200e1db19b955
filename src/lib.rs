//! ipr-service: the REST API behind China's public intellectual-property
//! service network (知识产权公共服务网络).

pub mod domain;
