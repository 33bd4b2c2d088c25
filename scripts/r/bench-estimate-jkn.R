# The R side of npm run bench:estimate's replicate run (scripts/bench-estimate.ts): JKn replicate weights from the
# stratified cluster design (as.svrepdesign), literacy overall and by the six groups with logit intervals
# (svyciprop, on design[group, ]). Needs the Debian packages r-cran-survey, r-cran-jsonlite, r-cran-data.table.
# Usage: Rscript scripts/r/bench-estimate-jkn.R respondents.csv out.json
suppressMessages({ library(survey); library(jsonlite) })
a <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(data.table::fread(a[1]))
des <- as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE), type = "JKn")
one <- function(sub, domain) {
  m <- svymean(~literate, sub)
  ci <- svyciprop(~literate, sub, method = "logit")
  list(domain = domain, estimate = as.vector(coef(m)), se = as.vector(SE(m)), df = degf(sub),
       ci = as.vector(attr(ci, "ci")))
}
out <- list(one(des, structure(list(), names = character(0))))
for (g in sort(unique(d$grp))) out[[length(out) + 1]] <- one(des[d$grp == g, ], list(grp = g))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), a[2])
