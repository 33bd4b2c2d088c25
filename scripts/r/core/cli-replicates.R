# Fixtures for `scilit estimate --replicates` with weighting steps (tests/unit/survey/cli-replicates-vs-r.test.ts):
# the base design is converted with as.svrepdesign(type = "JKn" | "JK1") and R survey 4.1 re-applies rake /
# postStratify on every replicate; means and replicate SEs overall and by domain (as des[subset, ]).
# Run: Rscript scripts/r/core/cli-replicates.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
d <- read_fixture_csv(file.path(dir, "data", "synth_strat.csv"))
options(survey.lonely.psu = "fail")
base <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)

# Population targets (made up for the test, about 1.1 × the weighted sample), as in cli.R.
pop_sex <- data.frame(sex = c("female", "male"), Freq = c(61000, 59000))
pop_grp <- data.frame(grp = c("elderly", "farmer", "official", "other", "worker", "youth"),
                      Freq = c(24000, 30000, 6000, 12000, 24000, 24000))
pop_cells <- expand.grid(sex = c("female", "male"), grp = pop_grp$grp, stringsAsFactors = FALSE)
pop_cells$Freq <- round(as.vector(outer(c(0.51, 0.49), pop_grp$Freq)))

estimates_of <- function(des, by) {
  one <- function(sub) {
    m <- svymean(~literate, sub)
    list(estimate = as.vector(coef(m)), se = as.vector(SE(m)), df = degf(sub), n = sum(weights(sub, "sampling") != 0),
         sum_w = sum(weights(sub, "sampling")),
         ci_mean = as.vector(attr(svyciprop(~literate, sub, method = "mean"), "ci")))
  }
  out <- list(c(list(domain = structure(list(), names = character(0))), one(des)))
  for (g in sort(unique(d[[by]]))) {
    dom <- list(g); names(dom) <- by
    out[[length(out) + 1]] <- c(list(domain = dom), one(des[d[[by]] == g, ]))
  }
  out
}
margin_json <- function(p, var) {
  t <- as.list(p$Freq); names(t) <- p[[var]]
  list(var = var, targets = t)
}
jkn <- as.svrepdesign(base, type = "JKn")
# JK1 is for unstratified designs (R refuses it otherwise): the same PSUs without strata.
jk1 <- as.svrepdesign(svydesign(ids = ~psu, weights = ~w, data = d), type = "JK1")

cases <- list(
  list(id = "raked on sex and group, JKn replicates, by sex",
       args = c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--by", "sex",
                "--replicates", "jkn", "--ci", "mean"),
       rake = list(margins = list(margin_json(pop_sex, "sex"), margin_json(pop_grp, "grp"))),
       results = estimates_of(rake(jkn, list(~sex, ~grp), list(pop_sex, pop_grp)), "sex")),
  list(id = "post-stratified on sex x group, JK1 replicates, by group",
       args = c("--var", "literate", "--weight", "w", "--psu", "psu", "--by", "grp",
                "--replicates", "jk1", "--ci", "mean"),
       poststratify = list(vars = c("sex", "grp"), cells = lapply(seq_len(nrow(pop_cells)), function(i)
         list(sex = pop_cells$sex[i], grp = pop_cells$grp[i], N = pop_cells$Freq[i]))),
       results = estimates_of(postStratify(jk1, ~sex + grp, pop_cells), "grp"))
)
write_json_fixture(list(generated_by = "scripts/r/core/cli-replicates.R", data = "synth_strat.csv", cases = cases),
                   file.path(dir, "cli-replicates.json"))
cat(length(cases), "replicate CLI cases\n")
