import { extractSalary } from '../packages/core/src/services/requirements/extract/extract-salary.ts';
for (const t of ["We're hiring a lead data engineer: Spark, Airflow, dbt and Snowflake. 8+ years. 70k to 90k EUR. Remote within the EU.", '8+ years. 70k to 90k EUR.', 'years. 70k to 90k EUR.', 'Snowflake. 70k to 90k EUR.'])
  console.log(t, JSON.stringify(extractSalary(t)));
