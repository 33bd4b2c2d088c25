# Reads a data file written by `scilit export data` with R haven (or base R for .csv) and prints what R sees as
# JSON: each variable's name, label, value labels and user-missing values, and its values (numbers with 17
# significant digits, Stata's extended missing values as ".a", ".b", ".d", NA as null). The read-back test
# (tests/integration/interchange/export-readback.test.ts) compares this with the data set scilit wrote.
# Usage: Rscript readback.R FILE.sav|FILE.dta|FILE.csv
suppressPackageStartupMessages({
  library(haven)
  library(jsonlite)
})
file <- commandArgs(trailingOnly = TRUE)[1]
ext <- tolower(tools::file_ext(file))
d <- switch(ext,
  sav = read_sav(file, user_na = TRUE),
  dta = read_dta(file),
  csv = read.csv(file, fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE, na.strings = "",
                 colClasses = "character"),
  stop("unknown file type ", ext)
)
num <- function(x) ifelse(is.na(x), NA_character_, sprintf("%.17g", x))
out <- lapply(names(d), function(n) {
  x <- d[[n]]
  labels <- attr(x, "labels", exact = TRUE)
  if (is.character(x)) {
    values <- x
  } else {
    v <- as.numeric(unclass(x))
    values <- num(v)
    if (ext == "dta") {
      tag <- na_tag(x)
      values <- ifelse(is.na(tag), values, paste0(".", tag))
    }
  }
  label_values <- if (is.null(labels)) character(0) else {
    lv <- num(as.numeric(unclass(labels)))
    if (ext == "dta") {
      tag <- na_tag(labels)
      lv <- ifelse(is.na(tag), lv, paste0(".", tag))
    }
    lv
  }
  list(
    name = n,
    label = if (is.null(attr(x, "label", exact = TRUE))) "" else attr(x, "label", exact = TRUE),
    labels = if (is.null(labels)) list() else lapply(seq_along(labels), function(i)
      list(value = label_values[i], label = names(labels)[i])),
    missing = if (is.null(attr(x, "na_values", exact = TRUE))) character(0) else num(attr(x, "na_values", exact = TRUE)),
    values = values
  )
})
cat(toJSON(list(label = if (is.null(attr(d, "label"))) "" else attr(d, "label"), variables = out),
           auto_unbox = TRUE, null = "null", na = "null", digits = NA))
