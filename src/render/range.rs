//! `range(end=…, start=…, step_by=…)` for templates, as Tera's own but bounded: Tera builds
//! the whole list before a loop starts, so `range(end=100000000)` held 100 M numbers and
//! looped 12 s with no way to stop it. Asking for more than [`MAX_RANGE`] numbers is an error
//! naming the limit. (Nested loops multiply; only a renderer with an instruction budget, which
//! Tera 1 lacks, could bound those.)

use std::collections::HashMap;

use tera::{from_value, to_value, Error, Function, Result, Value};

/// The most numbers one `range` call may produce: far more than any page lists, little
/// enough that a loop over them takes milliseconds.
pub(crate) const MAX_RANGE: usize = 10_000;

/// The bounded `range` function, registered under Tera's own name.
pub(crate) struct BoundedRange;

/// Reads the whole-number argument `name`, or `default` when absent.
fn number(args: &HashMap<String, Value>, name: &str, default: Option<usize>) -> Result<usize> {
    match args.get(name) {
        Some(value) => from_value::<usize>(value.clone()).map_err(|_| {
            Error::msg(format!(
                "Function `range` received {name}={value} but `{name}` can only be a number"
            ))
        }),
        None => default.ok_or_else(|| {
            Error::msg(format!(
                "Function `range` was called without a `{name}` argument"
            ))
        }),
    }
}

impl Function for BoundedRange {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let start = number(args, "start", Some(0))?;
        let step_by = number(args, "step_by", Some(1))?;
        let end = number(args, "end", None)?;
        if start > end {
            return Err(Error::msg(
                "Function `range` was called with a `start` argument greater than the `end` one",
            ));
        }
        if step_by == 0 {
            return Err(Error::msg(
                "Function `range` was called with `step_by=0`, which would never end",
            ));
        }
        let count = (end - start).div_ceil(step_by);
        if count > MAX_RANGE {
            return Err(Error::msg(format!(
                "`range` was asked for {count} numbers; cmbook allows at most {MAX_RANGE} in one \
                 call, so that a template cannot stall the build: loop over the site's pages or \
                 terms instead, or ask for fewer"
            )));
        }
        let numbers: Vec<usize> = (start..end).step_by(step_by).collect();
        Ok(to_value(numbers).expect("numbers serialise"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[(&str, usize)]) -> Result<Value> {
        let args = args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect();
        BoundedRange.call(&args)
    }

    #[test]
    fn small_ranges_match_teras() {
        assert_eq!(call(&[("end", 3)]).unwrap(), serde_json::json!([0, 1, 2]));
        assert_eq!(
            call(&[("start", 1), ("end", 8), ("step_by", 3)]).unwrap(),
            serde_json::json!([1, 4, 7])
        );
        assert_eq!(call(&[("end", 0)]).unwrap(), serde_json::json!([]));
        assert_eq!(
            call(&[("end", MAX_RANGE)])
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            MAX_RANGE
        );
    }

    #[test]
    fn huge_ranges_are_refused() {
        let err = call(&[("end", 100_000_000)]).unwrap_err().to_string();
        assert!(err.contains("100000000 numbers"), "{err}");
        assert!(call(&[("end", MAX_RANGE + 1)]).is_err());
        assert!(call(&[("end", 3 * MAX_RANGE), ("step_by", 3)]).is_ok());
        assert!(call(&[("end", 5), ("step_by", 0)]).is_err());
    }
}
