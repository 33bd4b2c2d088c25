# Fixtures for overlapping groups (`scilit estimate --groups a,b,c`, issue 22; tests/unit/survey/groups-vs-r.test.ts):
# three overlapping 0/1 columns (young, female, farmer) added to synth_pairs.csv; each group is the domain
# design[group == 1, ] of R survey 4.1, with Taylor (raked) and JKn replicate variance.
# Run: Rscript scripts/r/core/groups.R   (after replicates.R)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
options(survey.lonely.psu = "fail")
d <- read_fixture_csv(file.path(dir, "data", "synth_pairs.csv"))
d <- d[, c("stratum", "psu", "w", "grp", "sex", "age", "literate")]
d$young <- as.numeric(d$age == "18-39")
d$female <- as.numeric(d$sex == "female")
d$farmer <- ifelse(d$grp == "farmer", 1, NA)   # NA: not in the group
write_fixture_csv(d, file.path(dir, "data", "synth_groups.csv"))
d <- read_fixture_csv(file.path(dir, "data", "synth_groups.csv"))
pop_sex <- data.frame(sex = c("female", "male"), Freq = c(16000, 15500))
pop_age <- data.frame(age = c("18-39", "40-59", "60-69"), Freq = c(12500, 11000, 8000))
margin_json <- function(p, var) { t <- as.list(p$Freq); names(t) <- p[[var]]; list(var = var, targets = t) }
taylor <- rake(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE),
               list(~sex, ~age), list(pop_sex, pop_age))
jkn <- as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE), type = "JKn")
one <- function(des) {
  m <- svymean(~literate, des)
  list(estimate = as.vector(coef(m)), se = as.vector(SE(m)), df = degf(des),
       ci = as.vector(attr(svyciprop(~literate, des, method = "logit"), "ci")))
}
results_of <- function(des) {
  out <- list(c(list(domain = structure(list(), names = character(0))), one(des)))
  for (g in c("young", "female", "farmer")) {
    keep <- !is.na(d[[g]]) & d[[g]] == 1
    out[[length(out) + 1]] <- c(list(domain = list(group = g)), one(des[keep, ]))
  }
  out
}
design_args <- c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--nest",
                 "--groups", "young,female,farmer", "--ci", "logit")
cases <- list(
  list(id = "raked, Taylor", args = design_args,
       rake = list(margins = list(margin_json(pop_sex, "sex"), margin_json(pop_age, "age"))),
       results = results_of(taylor)),
  list(id = "JKn replicates", args = c(design_args, "--replicates", "jkn"), results = results_of(jkn)))
write_json_fixture(list(generated_by = "scripts/r/core/groups.R", data = "synth_groups.csv", cases = cases),
                   file.path(dir, "groups.json"))
cat(length(cases), "group cases\n")
