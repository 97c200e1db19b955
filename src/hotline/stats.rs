//! Ticket statistics per outlet, rolled up per tier and region.
