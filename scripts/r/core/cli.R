# Fixtures for `scilit estimate` end to end (tests/unit/survey/cli-vs-r.test.ts): the CLI's JSON numbers
# against R survey 4.1 for designs with weighting steps (post-stratified, raked, trimmed), where domains of a
# calibrated design keep every row (R's `[.survey.design2` with postStrata), and with plain designs.
# Run: Rscript scripts/r/core/cli.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
d <- read_fixture_csv(file.path(dir, "data", "synth_strat.csv"))
base <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
options(survey.lonely.psu = "fail")

# Population targets (made up for the test, about 1.1 × the weighted sample).
pop_sex <- data.frame(sex = c("female", "male"), Freq = c(61000, 59000))
pop_grp <- data.frame(grp = c("elderly", "farmer", "official", "other", "worker", "youth"),
                      Freq = c(24000, 30000, 6000, 12000, 24000, 24000))
pop_cells <- expand.grid(sex = c("female", "male"), grp = pop_grp$grp, stringsAsFactors = FALSE)
pop_cells$Freq <- round(as.vector(outer(c(0.51, 0.49), pop_grp$Freq)))

estimates_of <- function(des, by, method, level) {
  one <- function(sub) {
    m <- svymean(~literate, sub, deff = TRUE)
    list(estimate = as.vector(coef(m)), se = as.vector(SE(m)), deff = as.vector(deff(m)), df = degf(sub),
         n = sum(weights(sub) != 0), sum_w = sum(weights(sub)),
         ci = as.vector(attr(svyciprop(~literate, sub, method = method, level = level), "ci")))
  }
  out <- list(c(list(domain = structure(list(), names = character(0))), one(des)))
  if (!is.null(by)) for (g in sort(unique(d[[by]]))) {
    dom <- list(g); names(dom) <- by
    out[[length(out) + 1]] <- c(list(domain = dom), one(des[d[[by]] == g, ]))
  }
  out
}

margin_json <- function(p, var) {
  t <- as.list(p$Freq); names(t) <- p[[var]]
  list(var = var, targets = t)
}

cases <- list(
  list(id = "stratified cluster design, logit, by group",
       args = c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--by", "grp"),
       results = estimates_of(base, "grp", "logit", 0.95)),
  list(id = "post-stratified on sex x group, beta 90%",
       args = c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--by", "grp",
                "--ci", "beta", "--level", "0.9"),
       poststratify = list(vars = c("sex", "grp"), cells = lapply(seq_len(nrow(pop_cells)), function(i)
         list(sex = pop_cells$sex[i], grp = pop_cells$grp[i], N = pop_cells$Freq[i]))),
       results = estimates_of(postStratify(base, ~sex + grp, pop_cells), "grp", "beta", 0.9)),
  list(id = "raked on sex and group, logit, by sex",
       args = c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--by", "sex"),
       rake = list(margins = list(margin_json(pop_sex, "sex"), margin_json(pop_grp, "grp"))),
       results = estimates_of(rake(base, list(~sex, ~grp), list(pop_sex, pop_grp)), "sex", "logit", 0.95)),
  list(id = "trimmed weights 80..350, asin, by group",
       args = c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--by", "grp",
                "--trim", "80,350", "--ci", "asin"),
       results = estimates_of(trimWeights(base, upper = 350, lower = 80), "grp", "asin", 0.95))
)
write_json_fixture(list(generated_by = "scripts/r/core/cli.R", data = "synth_strat.csv", cases = cases),
                   file.path(dir, "cli.json"))
cat(length(cases), "CLI cases\n")
