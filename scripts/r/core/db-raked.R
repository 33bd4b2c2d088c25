# Fixture for literacy estimates from the database with a stored raking scheme
# (tests/integration/analysis/raked-estimates.test.ts): the test stores synth_strat.csv's rows as final interviews
# (stratum, PSU, answers sex, grp and the design weight w), raking targets as a target set and a scheme raking to
# them; R survey 4.1 rakes the same rows (nest = TRUE) and gives literacy overall and by group, with logit CIs.
# Run: Rscript scripts/r/core/db-raked.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
d <- read_fixture_csv(file.path(dir, "data", "synth_strat.csv"))
options(survey.lonely.psu = "fail")
base <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
pop_sex <- data.frame(sex = c("female", "male"), Freq = c(61000, 59000))
pop_grp <- data.frame(grp = c("elderly", "farmer", "official", "other", "worker", "youth"),
                      Freq = c(24000, 30000, 6000, 12000, 24000, 24000))
raked <- rake(base, list(~sex, ~grp), list(pop_sex, pop_grp))
one <- function(sub) {
  m <- svymean(~literate, sub, deff = TRUE)
  list(estimate = as.vector(coef(m)), se = as.vector(SE(m)), deff = as.vector(deff(m)), df = degf(sub),
       n = sum(weights(sub) != 0), sum_w = sum(weights(sub)),
       ci = as.vector(attr(svyciprop(~literate, sub, method = "logit"), "ci")))
}
results <- list(c(list(group = NULL), one(raked)))
for (g in sort(unique(d$grp))) results[[length(results) + 1]] <- c(list(group = g), one(raked[d$grp == g, ]))
targets <- c(lapply(seq_len(nrow(pop_sex)), function(i) list(variables = I("sex"), categories = I(pop_sex$sex[i]),
                                                             population = pop_sex$Freq[i])),
             lapply(seq_len(nrow(pop_grp)), function(i) list(variables = I("grp"), categories = I(pop_grp$grp[i]),
                                                             population = pop_grp$Freq[i])))
write_json_fixture(list(generated_by = "scripts/r/core/db-raked.R", data = "synth_strat.csv", targets = targets,
                        weights = unname(weights(raked)), results = results),
                   file.path(dir, "db-raked.json"))
cat(length(results), "estimates\n")
