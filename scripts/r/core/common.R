# NA, NaN and ±Inf are written as the strings "NA", "NaN", "Inf", "-Inf".
# Helpers shared by the fixture scripts: build an R survey design from the same JSON-like spec that the
# TypeScript tests read, and write JSON at full precision.
suppressMessages({ library(survey); library(jsonlite) })

fixture_dir <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  me <- sub("^--file=", "", args[grep("^--file=", args)])
  normalizePath(file.path(dirname(me), "..", "..", "..", "tests", "fixtures", "survey", "core"), mustWork = FALSE)
}

f1 <- function(v) as.formula(paste("~", v))

# spec: list(weights, strata, psu, fpc, nest, r_ids) — names of columns; r_ids overrides the ids formula.
make_design <- function(data, spec) {
  ids <- if (!is.null(spec$r_ids)) as.formula(spec$r_ids) else if (is.null(spec$psu)) ~1 else f1(spec$psu)
  args <- list(ids = ids, data = data, nest = isTRUE(spec$nest))
  if (!is.null(spec$weights)) args$weights <- f1(spec$weights)
  if (!is.null(spec$strata)) args$strata <- f1(spec$strata)
  if (!is.null(spec$fpc)) args$fpc <- f1(spec$fpc)
  suppressWarnings(do.call(svydesign, args))
}

# Reads a CSV exactly as the TypeScript side does: text columns stay text.
read_fixture_csv <- function(file) read.csv(file, stringsAsFactors = FALSE, check.names = FALSE)

write_fixture_csv <- function(df, file) write.csv(df, file, row.names = FALSE, na = "")

write_json_fixture <- function(x, file) {
  writeLines(toJSON(x, digits = I(17), auto_unbox = TRUE, null = "null", na = "string", pretty = FALSE), file)
}
