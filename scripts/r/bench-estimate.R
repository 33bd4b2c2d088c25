# The R side of npm run bench:estimate (scripts/bench-estimate.ts): the same work as `scilit estimate` —
# read the CSV, stratified cluster design, rake on three margins (R's defaults), literacy overall and by the
# six groups with logit intervals (svyciprop, as svyby does it: design[group, ]). Writes the numbers as JSON.
# Usage: Rscript scripts/r/bench-estimate.R respondents.csv rake.json out.json
suppressMessages({ library(survey); library(jsonlite) })  # Debian: r-cran-survey r-cran-jsonlite r-cran-data.table
a <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(data.table::fread(a[1]))
targets <- fromJSON(a[2], simplifyVector = FALSE)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
margins <- lapply(targets$margins, function(m) as.formula(paste("~", m$var)))
pops <- lapply(targets$margins, function(m) {
  p <- data.frame(names(m$targets), unlist(m$targets), stringsAsFactors = FALSE)
  names(p) <- c(m$var, "Freq")
  p
})
des <- rake(des, margins, pops)
one <- function(sub, domain) {
  m <- svymean(~literate, sub)
  ci <- svyciprop(~literate, sub, method = "logit")
  list(domain = domain, estimate = as.vector(coef(m)), se = as.vector(SE(m)), ci = as.vector(attr(ci, "ci")))
}
out <- list(one(des, structure(list(), names = character(0))))
for (g in sort(unique(d$grp))) out[[length(out) + 1]] <- one(des[d$grp == g, ], list(grp = g))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), a[3])
