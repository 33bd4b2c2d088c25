# Fixtures for multistage designs (tests/unit/survey/multistage-vs-r.test.ts): R survey 4.1's svyrecvar
# multistage variance, where later stages contribute when their fpc is given.
#  - apiclus2: svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2) — SE of the share of schools meeting their
#    target 0.06639 (the first stage alone gives 0.06493);
#  - a synthetic three-stage sample (strata → villages → households → persons) with fpc as population counts
#    (R refuses counts mixed with fractions), overall and by domain, logit and mean intervals.
# Run: Rscript scripts/r/core/multistage.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
options(survey.lonely.psu = "fail")

set.seed(303)
rows <- list()
for (h in 1:4) {
  N1 <- 8 + 2 * h
  for (j in seq_len(2 + h %% 3)) {
    M <- sample(5:8, 1)
    for (k in seq_len(sample(2:3, 1))) {
      K <- sample(20:40, 1)
      m <- sample(2:4, 1)
      grp <- sample(c("farmer", "worker", "youth"), m, replace = TRUE)
      rows[[length(rows) + 1]] <- data.frame(
        stratum = sprintf("S%d", h), village = sprintf("V%d-%d", h, j), household = sprintf("H%d", k),
        person = seq_len(m), N1 = N1, M2 = M, K3 = K, grp = grp,
        literate = rbinom(m, 1, c(farmer = 0.2, worker = 0.35, youth = 0.5)[grp]), stringsAsFactors = FALSE)
    }
  }
}
d3 <- do.call(rbind, rows)
write_fixture_csv(d3, file.path(dir, "data", "synth_3stage.csv"))
d3 <- read_fixture_csv(file.path(dir, "data", "synth_3stage.csv"))
des3 <- svydesign(id = ~village + household + person, strata = ~stratum, fpc = ~N1 + M2 + K3, data = d3, nest = TRUE)

c2 <- read_fixture_csv(file.path(dir, "data", "apiclus2.csv"))
des2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = c2)
des2_first <- svydesign(id = ~dnum, fpc = ~fpc1, weights = ~pw, data = c2)

one <- function(des, method) {
  m <- svymean(~literate, des)
  ci <- svyciprop(~literate, des, method = method)
  list(estimate = as.vector(coef(m)), se = as.vector(SE(m)), df = degf(des), ci = as.vector(attr(ci, "ci")))
}
results_of <- function(des, data, by, method) {
  names(des$variables)[names(des$variables) == "yes"] <- "literate"
  out <- list(c(list(domain = structure(list(), names = character(0))), one(des, method)))
  if (!is.null(by)) for (g in sort(unique(data[[by]]))) {
    dom <- list(g); names(dom) <- by
    out[[length(out) + 1]] <- c(list(domain = dom), one(des[data[[by]] == g, ], method))
  }
  out
}
cases <- list(
  list(id = "apiclus2 two-stage, fpc1 + fpc2, by school type", data = "apiclus2.csv",
       args = c("--var", "yes", "--psu", "dnum,snum", "--fpc", "fpc1,fpc2", "--by", "stype", "--ci", "logit"),
       results = results_of(des2, c2, "stype", "logit"),
       first_stage_se = as.vector(SE(svymean(~yes, des2_first)))),
  list(id = "three-stage synthetic, by group, logit", data = "synth_3stage.csv",
       args = c("--var", "literate", "--strata", "stratum", "--psu", "village,household,person",
                "--fpc", "N1,M2,K3", "--nest", "--by", "grp", "--ci", "logit"),
       results = results_of(des3, d3, "grp", "logit")),
  list(id = "three-stage synthetic, mean interval", data = "synth_3stage.csv",
       args = c("--var", "literate", "--strata", "stratum", "--psu", "village,household,person",
                "--fpc", "N1,M2,K3", "--nest", "--ci", "mean"),
       results = results_of(des3, d3, NULL, "mean"))
)
write_json_fixture(list(generated_by = "scripts/r/core/multistage.R", cases = cases), file.path(dir, "multistage.json"))
cat(length(cases), "multistage cases; apiclus2 SE", cases[[1]]$results[[1]]$se, "first stage", cases[[1]]$first_stage_se, "\n")
