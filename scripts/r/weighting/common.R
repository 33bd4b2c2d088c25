# Helpers shared by the weighting fixture scripts: paths, CSV and JSON at full precision.
suppressMessages({ library(survey); library(jsonlite) })

fixture_dir <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  me <- sub("^--file=", "", args[grep("^--file=", args)])
  normalizePath(file.path(dirname(me), "..", "..", "..", "tests", "fixtures", "survey", "weighting"), mustWork = FALSE)
}
f1 <- function(v) as.formula(paste("~", paste(v, collapse = "+")))
read_fixture_csv <- function(file) read.csv(file, stringsAsFactors = FALSE, check.names = FALSE)
write_fixture_csv <- function(df, file) write.csv(df, file, row.names = FALSE, na = "")
write_json_fixture <- function(x, file) {
  writeLines(toJSON(x, digits = I(17), auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE), file)
}
