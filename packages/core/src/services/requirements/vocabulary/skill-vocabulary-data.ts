/**
 * The skill vocabulary shipped with the core (issue 10): one entry a line, `Name|first release
 * year|alias;alias`, grouped under `# category` headings. A `!` before the name or an alias makes
 * it match in exactly that case only (for words that are also plain English: Go, Spring, Swift);
 * a `~` before the name keeps the name itself from matching (Julia, Less, Echo): only its aliases do.
 * Technologies carry their first public release year, used by the "years above the technology's
 * age" rule; practices and non-software skills leave it empty.
 */
export const SKILL_VOCABULARY_DATA = `
# language
JavaScript|1995|js;ecmascript;es6;es2015;vanilla js
TypeScript|2012|ts
Python|1991|py;python3;python 3
Java|1995|java se;java ee;jakarta ee;j2ee
Kotlin|2011|
!Go|2009|golang
Rust|2010|rustlang
C++|1985|cpp;c plus plus
!C|1972|ansi c;c language;c99;c11
C#|2000|c sharp;csharp
F#|2005|fsharp
Ruby|1995|
PHP|1995|php8;php 8
!Swift|2014|swift language
Objective-C|1984|objc;objective c
Scala|2004|
Elixir|2012|
Erlang|1986|
Haskell|1990|
Clojure|2007|
!Dart|2011|dart language
Lua|1993|
Perl|1987|
!R|1993|r language;rstats
~Julia|2012|julia language
MATLAB|1984|
Groovy|2003|
Visual Basic|1991|vb;vb.net;vba
COBOL|1959|
Fortran|1957|
Assembly|1949|assembler;asm
OCaml|1996|
Zig|2016|
Nim|2008|
~Crystal|2014|crystal lang
Solidity|2014|
Bash|1989|bash scripting;shell scripting;shell script
PowerShell|2006|powershell scripting
SQL|1974|structured query language;sql queries
PL/SQL|1991|plsql
T-SQL|1987|tsql;transact-sql
HTML|1993|html5
CSS|1996|css3
Sass|2006|scss
~Less|2009|less css
GraphQL|2015|
WebAssembly|2017|wasm
Apex|2006|!Apex;salesforce apex
ABAP|1983|sap abap
Delphi|1995|object pascal
Pascal|1970|
Prolog|1972|
Lisp|1958|common lisp
~Scheme|1975|
~Racket|1995|
Elm|2012|elm lang
PureScript|2013|
ReasonML|2016|reason;rescript
CoffeeScript|2009|
Smalltalk|1972|
~Ada|1980|ada language
VHDL|1987|
Verilog|1984|systemverilog
Solidity Assembly|2017|yul
~Hack|2014|hacklang
~Move|2019|move language
Cairo|2021|cairo lang
Mojo|2023|mojo language
Gleam|2019|gleam lang
# frontend
React|2013|react.js;reactjs;react js
Angular|2016|angular 2+;angular2
AngularJS|2010|angular.js;angular 1
Vue.js|2014|vue;vuejs;vue 3;vue.js 3
Svelte|2016|sveltekit;svelte kit
Next.js|2016|nextjs;next js
Nuxt.js|2016|nuxt;nuxtjs
Remix|2021|remix run
Gatsby|2015|gatsbyjs
Astro|2021|astro.build
SolidJS|2021|solid.js
Preact|2015|
Ember.js|2011|ember;emberjs
Backbone.js|2010|backbonejs
jQuery|2006|jquery ui
Redux|2015|redux toolkit;rtk
MobX|2015|
Zustand|2019|
RxJS|2012|reactivex
NgRx|2016|
Tailwind CSS|2017|tailwind;tailwindcss
Bootstrap|2011|twitter bootstrap
Material UI|2014|mui;material-ui
Chakra UI|2019|
Styled Components|2016|styled-components
Webpack|2012|
Vite|2020|vitejs
Rollup|2015|rollup.js
esbuild|2020|
Babel|2014|babeljs
Storybook|2016|
Three.js|2010|threejs
D3.js|2011|d3;d3js
WebGL|2011|
Web Components|2011|custom elements
~Lit|2019|lit element;lit-element
Alpine.js|2019|alpinejs
HTMX|2020|htmx.org
Qwik|2022|
Electron|2013|electron.js;electronjs
Tauri|2022|
PWA|2015|progressive web apps;progressive web app
Responsive Design|2010|responsive web design
Web Accessibility|1999|wcag;a11y;accessibility
Micro Frontends|2016|micro-frontends;microfrontends
Server-Side Rendering|2014|ssr
# mobile
iOS|2007|ios development;ios apps
Android|2008|android development;android sdk
SwiftUI|2019|
UIKit|2008|
Jetpack Compose|2021|
React Native|2015|react-native;rn framework
Flutter|2017|
Xamarin|2011|
Ionic|2013|ionic framework
Cordova|2009|phonegap;apache cordova
~Expo|2016|expo.dev
Kotlin Multiplatform|2020|kmp;kmm
Core Data|2005|
~Combine|2019|combine framework
ARKit|2017|
Android Room|2017|android room
~Realm|2014|realm database
App Store Optimization|2010|aso
# backend
Node.js|2009|node;nodejs;node js
Express.js|2010|expressjs;express js;!Express
NestJS|2017|nest.js;nest js
Fastify|2016|
Koa|2013|koa.js
Hapi|2011|hapi.js
Deno|2020|
Bun|2022|bun.sh
Django|2005|django rest framework;drf
Flask|2010|
FastAPI|2018|fast api
~Pyramid|2008|pyramid framework
Celery|2009|
SQLAlchemy|2006|
Ruby on Rails|2004|rails;ror;ruby-on-rails
Sinatra|2007|
!Spring|2002|spring framework
Spring Boot|2014|springboot;spring-boot
Hibernate|2001|
Quarkus|2019|
Micronaut|2018|
Vert.x|2011|vertx
Jakarta EE|2019|
Laravel|2011|
Symfony|2005|
CodeIgniter|2006|
Yii|2008|
Zend|2006|laminas
WordPress|2003|wp
Drupal|2001|
Magento|2008|adobe commerce
Shopify|2006|shopify liquid
.NET|2002|dotnet;.net core;net core;.net framework;dot net
ASP.NET|2002|asp.net core;asp.net mvc
Entity Framework|2008|ef core
Blazor|2018|
Phoenix|2014|phoenix framework
~Gin|2014|gin gonic
~Echo|2015|echo framework
~Fiber|2020|gofiber
Actix|2017|actix web;actix-web
Axum|2021|
Tokio|2016|
~Rocket|2016|rocket.rs
Akka|2009|akka streams
Play Framework|2007|play framework
~Cats|2015|!Cats;cats effect;typelevel cats
ZIO|2018|
Ktor|2018|
gRPC|2016|grpc
Protocol Buffers|2008|protobuf;protobufs
REST APIs|2000|restful;rest api;restful apis;restful api
OpenAPI|2016|swagger;openapi spec
WebSockets|2011|websocket;socket.io
Microservices|2011|microservice;micro services;micro-services
Event-Driven Architecture|2005|event driven architecture;eda;event-driven
Serverless|2014|serverless architecture;faas
Serverless Framework|2015|serverless.com
Domain-Driven Design|2003|ddd;domain driven design
CQRS|2010|
Event Sourcing|2005|
Hexagonal Architecture|2005|ports and adapters
Clean Architecture|2012|
Distributed Systems|1978|distributed computing
System Design|1990|systems design
Concurrency|1965|multithreading;multi-threading
API Design|2000|
OAuth|2010|oauth2;oauth 2.0
OpenID Connect|2014|oidc
JWT|2015|json web tokens;json web token
Keycloak|2014|
Auth0|2013|
Strapi|2015|
Contentful|2013|
Sanity|2017|sanity.io
Hasura|2018|
Prisma|2019|prisma orm
TypeORM|2016|
Sequelize|2011|
Mongoose|2010|
Knex.js|2013|knex
tRPC|2020|
Apollo GraphQL|2016|apollo;apollo server;apollo client
~Relay|2015|relay modern
Nginx|2004|
Apache HTTP Server|1995|apache httpd;httpd
Tomcat|1999|apache tomcat
Caddy|2015|caddy server
HAProxy|2001|
Envoy|2016|envoy proxy
Traefik|2015|
Varnish|2006|varnish cache
# database
PostgreSQL|1996|postgres;postgresql;psql;pg;postgre
MySQL|1995|
MariaDB|2009|
SQLite|2000|sqlite3
Oracle Database|1979|oracle;oracle db;oracle rdbms
Microsoft SQL Server|1989|sql server;mssql;ms sql
MongoDB|2009|mongo;mongo db
Redis|2009|
Cassandra|2008|apache cassandra
ScyllaDB|2015|scylla
DynamoDB|2012|dynamo db;aws dynamodb
Couchbase|2011|
CouchDB|2005|apache couchdb
Neo4j|2007|
Elasticsearch|2010|elastic search;elastic
OpenSearch|2021|
Solr|2004|apache solr
Memcached|2003|
CockroachDB|2015|cockroach db
TiDB|2017|
Firestore|2017|cloud firestore
Firebase|2012|firebase realtime database
Supabase|2020|
PlanetScale|2020|
Snowflake|2014|snowflake data cloud
BigQuery|2010|google bigquery;big query
Amazon Redshift|2012|redshift
ClickHouse|2016|click house
Apache Druid|2012|druid
TimescaleDB|2017|timescale
InfluxDB|2013|influx
Pinecone|2021|
Weaviate|2019|
Milvus|2019|
Qdrant|2021|
~Chroma|2022|chromadb
pgvector|2021|
Teradata|1979|
IBM Db2|1983|db2
Sybase|1984|
Vertica|2005|
Greenplum|2005|
HBase|2008|apache hbase
Apache Hive|2010|hive
Presto|2013|prestodb
Trino|2020|
Databricks|2013|
Delta Lake|2019|
Apache Iceberg|2017|iceberg
Apache Hudi|2017|hudi
Database Administration|1970|dba;database administrator;database administration
Database Design|1970|data modelling;data modeling;schema design
Query Optimization|1970|sql tuning;query tuning
# data
Apache Spark|2014|spark;pyspark;spark sql
Apache Kafka|2011|kafka;kafka streams
Apache Flink|2014|flink
Apache Beam|2016|beam
Apache Airflow|2015|airflow
Dagster|2019|
~Prefect|2018|prefect.io
~Luigi|2012|
dbt|2016|data build tool;dbt core
Fivetran|2012|
Airbyte|2020|
Stitch|2016|stitch data
Talend|2006|
Informatica|1993|informatica powercenter
SSIS|2005|sql server integration services
ETL|1970|elt;etl pipelines;data pipelines;etl/elt
Data Warehousing|1988|data warehouse;dwh
Data Lakes|2010|data lake;lakehouse
Data Engineering|2000|
Data Governance|2000|
Data Quality|1990|
Master Data Management|2000|mdm
Hadoop|2006|apache hadoop;hdfs;mapreduce
Apache Pulsar|2016|pulsar
RabbitMQ|2007|rabbit mq;amqp
ActiveMQ|2004|apache activemq
NATS|2011|
Amazon Kinesis|2013|kinesis
Google Pub/Sub|2015|pubsub;pub/sub
Azure Data Factory|2015|adf
AWS Glue|2017|glue
Amazon EMR|2009|emr
Power BI|2014|powerbi;power-bi
Tableau|2003|
Looker|2012|looker studio
Qlik|1994|qlikview;qlik sense
Metabase|2015|
Apache Superset|2016|superset
Microsoft Excel|1985|excel;ms excel;advanced excel
Google Sheets|2006|
Google Analytics|2005|ga4
Mixpanel|2009|
Amplitude|2012|
~Segment|2011|!Segment;twilio segment
Pandas|2008|pandas;pd
NumPy|2006|numpy
SciPy|2001|scipy
Polars|2020|
Jupyter|2014|jupyter notebooks;jupyter notebook;ipython
Statistics|1900|statistical analysis;statistical modelling;statistical modeling
A/B Testing|2000|ab testing;a/b tests;experimentation
Data Analysis|1960|data analytics
Data Visualization|1980|data visualisation;dataviz
SAS|1976|sas programming
SPSS|1968|ibm spss
Stata|1985|
Alteryx|1997|
dplyr|2014|tidyverse
ggplot2|2007|
# ml
Machine Learning|1959|ml;machine-learning
Deep Learning|2006|deep-learning
PyTorch|2016|torch
TensorFlow|2015|tf;tensorflow 2
Keras|2015|
scikit-learn|2007|sklearn;scikit learn
XGBoost|2014|
LightGBM|2016|
CatBoost|2017|
JAX|2018|
Hugging Face|2016|huggingface;hf transformers
Transformers|2017|transformer models;transformer architecture
Large Language Models|2018|llm;llms;large language model;genai;generative ai
Retrieval-Augmented Generation|2020|rag;retrieval augmented generation
LangChain|2022|lang chain
LlamaIndex|2022|llama index;gpt index
OpenAI API|2020|openai;gpt-4;chatgpt api
Prompt Engineering|2020|prompting
Fine-Tuning|2018|fine tuning;finetuning;lora
Vector Databases|2019|vector database;vector db;vector search
Natural Language Processing|1950|nlp;natural-language processing
Computer Vision|1966|image recognition
OpenCV|2000|
Reinforcement Learning|1980|rl
Recommender Systems|1992|recommendation systems;recommendation engines
Time Series Analysis|1927|time series;forecasting
MLOps|2018|ml engineering ops
MLflow|2018|ml flow
Kubeflow|2018|
Weights & Biases|2018|wandb;weights and biases
Amazon SageMaker|2017|sagemaker
Vertex AI|2021|
Azure Machine Learning|2015|azure ml
ONNX|2017|
CUDA|2007|gpu programming
Triton Inference Server|2018|triton
spaCy|2015|spacy
NLTK|2001|
Stable Diffusion|2022|
Speech Recognition|1952|asr;speech-to-text
Data Science|2008|
Feature Engineering|1990|
Model Deployment|2010|model serving
# cloud
AWS|2006|amazon web services;aws cloud
Microsoft Azure|2010|azure;ms azure
Google Cloud Platform|2008|gcp;google cloud
AWS Lambda|2014|lambda;lambda functions
Amazon EC2|2006|ec2
Amazon S3|2006|s3
Amazon ECS|2014|ecs
Amazon EKS|2018|eks
AWS Fargate|2017|fargate
AWS CloudFormation|2011|cloudformation;cfn
AWS CDK|2019|cdk;cloud development kit
Amazon RDS|2009|rds
Amazon Aurora|2014|aurora
Amazon SQS|2006|sqs
Amazon SNS|2010|sns
Amazon CloudFront|2008|cloudfront
Amazon API Gateway|2015|api gateway
AWS IAM|2010|iam
Amazon CloudWatch|2009|cloudwatch
AWS Step Functions|2016|step functions
Azure Functions|2016|
Azure Kubernetes Service|2018|aks
Azure DevOps|2018|vsts;azure pipelines
Azure Active Directory|2010|azure ad;entra id;microsoft entra
Google Kubernetes Engine|2015|gke
Google Cloud Run|2019|cloud run
Google Cloud Functions|2017|cloud functions
Google App Engine|2008|app engine
Cloudflare|2010|cloudflare workers
Vercel|2015|zeit
Netlify|2014|
Heroku|2007|
DigitalOcean|2011|digital ocean
Linode|2003|akamai cloud
OpenStack|2010|
VMware|1998|vsphere;esxi;vmware vsphere
Hyper-V|2008|hyperv
Proxmox|2008|proxmox ve
Multi-Cloud|2015|multicloud;hybrid cloud
Cloud Architecture|2008|solutions architecture
FinOps|2019|cloud cost optimization
# infrastructure
Docker|2013|containers;containerization;dockerfile
Kubernetes|2014|k8s;kube;k8
Helm|2016|helm charts
Kustomize|2018|
Istio|2017|
Linkerd|2016|
Consul|2014|hashicorp consul
Vault|2015|hashicorp vault
Nomad|2015|hashicorp nomad
Terraform|2014|tf iac;hcl;terraform cloud
OpenTofu|2023|
Pulumi|2018|
Ansible|2012|
Chef Infra|2009|chef infra;opscode chef
Puppet|2005|
SaltStack|2011|salt
Packer|2013|hashicorp packer
Vagrant|2010|
Infrastructure as Code|2006|iac;infrastructure-as-code
Argo CD|2018|argocd;argo-cd;argo
Flux|2016|fluxcd;flux cd
Jenkins|2011|
GitHub Actions|2019|gh actions
GitLab CI|2012|gitlab ci/cd;gitlab-ci
CircleCI|2011|circle ci
Travis CI|2011|travis
TeamCity|2006|
Bamboo|2007|atlassian bamboo
Spinnaker|2015|
Tekton|2019|
CI/CD|2001|continuous integration;continuous delivery;continuous deployment;ci/cd pipelines
Git|2005|git version control
GitHub|2008|
GitLab|2011|
Bitbucket|2008|
Subversion|2000|svn
Linux|1991|gnu/linux;linux administration
Unix|1971|unix systems
Ubuntu|2004|
Red Hat Enterprise Linux|2002|rhel;red hat;centos
Debian|1993|
Windows|1985|!Windows;microsoft windows
Windows Server|1993|windows server administration
macOS|2001|mac os;osx
Prometheus|2012|
Grafana|2014|
Datadog|2010|
New Relic|2008|newrelic
Splunk|2003|
ELK Stack|2012|elk;elastic stack;kibana;logstash
OpenTelemetry|2019|otel
Jaeger|2016|
Sentry|2012|
PagerDuty|2009|
Nagios|1999|
Zabbix|2001|
Observability|2016|monitoring;logging and monitoring
Site Reliability Engineering|2003|sre;site reliability
DevOps|2009|dev ops
Platform Engineering|2020|
Networking|1969|computer networking;network engineering;tcp/ip
BGP|1989|
OSPF|1989|
DNS|1983|
Load Balancing|1990|load balancers;load balancer
CDN|1998|content delivery network
VPN|1996|
SD-WAN|2014|sdwan
Cisco|1984|cisco ios;cisco networking
CCNA|1998|
CCNP|1998|
Juniper|1996|junos
Firewalls|1988|firewall;palo alto;fortinet
Active Directory|1999|ad ds
LDAP|1993|
Storage Area Networks|1995|nas
Backup and Recovery|1980|disaster recovery;backups
High Availability|1980|failover
Capacity Planning|1980|
Incident Management|1990|incident handling
ITIL|1989|itil v4
ServiceNow|2004|
Jira|2002|atlassian jira;jira software
Confluence|2004|atlassian confluence
# embedded
Embedded Systems|1960|embedded software;firmware
RTOS|1980|real-time operating systems;freertos;zephyr
ARM Cortex-M|2004|cortex-m;arm cortex m
Microcontrollers|1971|mcu;stm32
Embedded Linux|1999|yocto;buildroot
FPGA|1985|
PCB Design|1980|pcb;altium
IoT|1999|internet of things
Arduino|2005|
Raspberry Pi|2012|
CAN Bus|1986|canbus
AUTOSAR|2003|
Robotics|1960|
ROS|2007|robot operating system
Device Drivers|1970|linux kernel;kernel development
Signal Processing|1960|dsp
# security
Cybersecurity|1990|cyber security;infosec;information security
Penetration Testing|1970|pentesting;pen testing;pentest;ethical hacking
OSCP|2006|oscp certification
CISSP|1994|
CISM|2002|
CEH|2003|certified ethical hacker
Security+|2002|comptia security+
SIEM|2005|security information and event management
SOC|2000|security operations center;security operations
Incident Response|1988|dfir
Threat Modeling|1999|threat modelling
Vulnerability Management|2000|vulnerability scanning;nessus
OWASP|2001|owasp top 10
Application Security|2000|appsec;secure coding
Cloud Security|2010|cspm
Identity and Access Management|2000|iam security;identity management
Zero Trust|2010|zero-trust
Cryptography|1970|encryption;pki
Burp Suite|2003|burp
Wireshark|1998|
Metasploit|2003|
Malware Analysis|1990|reverse engineering
Digital Forensics|1985|forensics
ISO 27001|2005|iso27001
SOC 2|2010|soc2
GDPR|2018|gdpr compliance
PCI DSS|2004|pci;pci-dss
HIPAA|1996|hipaa compliance
Security Clearance|1940|security cleared;sc clearance;dv clearance
# testing
Selenium|2004|selenium webdriver;webdriver
Cypress|2017|cypress.io
Playwright|2020|
Puppeteer|2017|
Jest|2014|
Mocha|2011|
Vitest|2021|
JUnit|1997|junit5
TestNG|2004|
pytest|2004|py.test
RSpec|2005|
Cucumber|2008|bdd;gherkin
Appium|2012|
Postman|2012|
JMeter|2001|apache jmeter
k6|2017|
Gatling|2011|
LoadRunner|1994|
Test Automation|1990|automated testing;qa automation;automation testing
Manual Testing|1960|manual qa
Unit Testing|1990|unit tests
Integration Testing|1980|integration tests
End-to-End Testing|2000|e2e testing;e2e tests;end to end testing
Performance Testing|1990|load testing;stress testing
Test-Driven Development|2002|tdd;test driven development
Quality Assurance|1950|qa;software quality assurance
ISTQB|2002|istqb certification
TestRail|2010|
# practice
Agile|2001|agile methodologies;agile development
Scrum|1995|scrum master;certified scrum master;csm
Kanban|2004|
SAFe|2011|scaled agile
~Lean|1990|lean six sigma;six sigma
Object-Oriented Programming|1967|oop;object oriented programming;object-oriented design
Functional Programming|1958|fp;functional-programming
Design Patterns|1994|gang of four
Data Structures|1960|data structures and algorithms;dsa;algorithms
Code Review|1976|code reviews
Pair Programming|1999|
Software Architecture|1990|architecture
Technical Leadership|1990|technical lead;tech leadership
Mentoring|1970|mentorship;coaching engineers
Performance Optimization|1970|performance tuning;profiling
Caching|1970|
Web Scraping|1995|scraping;crawling
Search Engines|1994|search relevance;information retrieval
Payments|1950|payment systems;payment processing;stripe
Fintech|2010|financial technology
E-commerce|1995|ecommerce;e-commerce platforms
SaaS|1999|software as a service;b2b saas
Blockchain|2008|distributed ledger
Ethereum|2015|eth;evm
web3.js|2015|web3js;web3
Smart Contracts|2015|smart contract
Hardhat|2020|
Bitcoin|2009|btc
Unity|2005|unity3d;unity 3d
Unreal Engine|1998|unreal;ue4;ue5
Godot|2014|godot engine
Game Development|1970|gamedev;game design
OpenGL|1992|
Vulkan|2016|
DirectX|1995|direct3d
Augmented Reality|1990|virtual reality;vr;xr
Geographic Information Systems|1963|gis;arcgis;qgis
Accessibility Testing|2000|screen readers
Localization|1980|internationalization;i18n;l10n
Technical Writing|1950|technical writer;documentation writing
API Documentation|2000|api docs;developer documentation
Markdown|2004|
LaTeX|1984|latex
Figma|2016|
~Sketch|2010|sketch app
Adobe XD|2016|xd
Adobe Photoshop|1990|photoshop
Adobe Illustrator|1987|illustrator
Adobe InDesign|1999|indesign
Adobe Premiere Pro|2003|premiere pro;premiere
Adobe After Effects|1993|after effects
Final Cut Pro|1999|final cut
Blender|1998|
Autodesk Maya|1998|maya
Cinema 4D|1990|c4d
Canva|2013|
InVision|2011|invision app
UX Design|1993|ux;user experience;ux/ui;ui/ux
UI Design|1985|ui;user interface design
User Research|1990|usability research;ux research;usability testing
Interaction Design|1990|ixd
Visual Design|1950|graphic design;graphic designer
Design Systems|2013|design system
Prototyping|1980|wireframing;wireframes
Motion Design|1960|motion graphics;animation
Video Editing|1970|video production
Photography|1839|photographer
Illustration|1800|illustrator artist
Branding|1950|brand design;brand identity
Product Management|1931|product manager;product owner;product ownership
Product Strategy|1960|roadmapping;product roadmap
Product Analytics|2010|
Project Management|1950|project manager;project coordination
PMP|1984|pmp certification;project management professional
PRINCE2|1996|prince 2
Program Management|1960|programme management;program manager
Stakeholder Management|1980|stakeholder communication
Risk Management|1950|risk assessment
Change Management|1960|organizational change
Business Analysis|1980|business analyst;requirements gathering
Process Improvement|1980|continuous improvement;kaizen
People Management|1950|line management;managing people;team management;managing teams
Engineering Management|1950|
Technical Interviewing|1900|technical interviews;interviewing candidates
Budgeting|1900|budget management;budget planning
Strategic Planning|1950|
OKRs|1970|okr;objectives and key results
# soft
Communication|1900|communication skills;written communication;verbal communication
Teamwork|1900|team player;collaboration
Problem Solving|1900|problem-solving;analytical thinking
Leadership|1900|leadership skills;team leadership
Adaptability|1900|flexibility
Attention to Detail|1900|detail-oriented;detail oriented
Time Management|1900|prioritization;organisational skills;organizational skills
Critical Thinking|1900|
Creativity|1900|creative thinking
Empathy|1900|emotional intelligence
Negotiation|1900|negotiation skills
Presentation Skills|1900|public speaking;presenting
Ownership|1900|self-starter;autonomy;proactive
Customer Focus|1900|customer-centric;customer obsession
Conflict Resolution|1900|
Decision Making|1900|decision-making
Resilience|1900|stress tolerance
Curiosity|1900|growth mindset
Work Ethic|1900|reliability;dependability
Multitasking|1900|multi-tasking
# business
Sales|1900|selling
B2B Sales|1950|b2b;business-to-business sales
B2C Sales|1950|b2c;retail sales
Account Management|1950|account manager;key account management
Business Development|1950|bizdev;business developer
Lead Generation|1980|prospecting;cold calling;outbound sales
Sales Operations|1980|salesops;sales ops
Customer Success|1996|customer success manager;csm role
Customer Service|1900|customer support;client service;customer care
Call Center|1970|contact center;call centre
Salesforce|1999|sfdc;salesforce crm;salesforce.com
Salesforce Lightning|2015|!Lightning;lightning web components;lwc
HubSpot|2006|hubspot crm
Zendesk|2007|
Intercom|2011|
Pipedrive|2010|
CRM|1990|crm systems;customer relationship management
Marketing|1900|
Digital Marketing|1990|online marketing;performance marketing
Content Marketing|1990|content strategy;content creation
SEO|1997|search engine optimization;search engine optimisation
SEM|2000|search engine marketing;google ads;ppc;adwords
Social Media Marketing|2005|social media;smm
Email Marketing|1990|mailchimp;email campaigns
Marketing Automation|2000|marketo;pardot
Copywriting|1900|copywriter;copy writing
Public Relations|1900|media relations
Market Research|1920|market analysis;competitive analysis
Brand Management|1930|brand manager
Event Management|1950|event management
Community Management|2000|community manager
Growth Hacking|2010|growth marketing
Affiliate Marketing|1994|
Influencer Marketing|2010|
Accounting|1900|
Bookkeeping|1900|bookkeeper;book keeping
Certified Public Accountant|1896|cpa;cpa license
ACCA|1904|acca qualified;acca part-qualified
CIMA|1919|
Chartered Accountant|1854|aca;ica;icaew
CFA|1963|cfa charterholder;chartered financial analyst
IFRS|2001|international financial reporting standards
US GAAP|1973|gaap
Financial Reporting|1900|financial statements
Financial Analysis|1900|financial analyst;fp&a;financial planning
Financial Modeling|1980|financial modelling
Auditing|1900|audit;internal audit;external audit
Tax|1900|taxation;tax compliance;tax returns
Payroll|1900|payroll processing
Accounts Payable|1900|accounts payable processing
Accounts Receivable|1900|ar collections;credit control
Treasury|1900|cash management
Investment Banking|1900|m&a;mergers and acquisitions
Private Equity|1950|venture capital
Portfolio Management|1950|asset management
Risk Analysis|1950|credit risk;market risk
Compliance|1900|regulatory compliance
Anti-Money Laundering|1986|aml;kyc;know your customer
Actuarial Science|1900|actuary;actuarial
Underwriting|1900|underwriter
Insurance|1900|insurance claims;claims handling
Banking|1900|retail banking
QuickBooks|1992|quickbooks online;qbo
Xero|2006|
!Sage|1981|sage 50;sage accounting;sage intacct
NetSuite|1998|oracle netsuite
SAP|1972|sap erp;sap s/4hana;s/4hana
SAP FICO|1992|fico;sap fi/co
Oracle E-Business Suite|1987|oracle ebs
Microsoft Dynamics|2001|dynamics 365;d365
Workday|2005|
ERP|1990|erp systems;enterprise resource planning
Procurement|1900|purchasing;sourcing;buyer
Supply Chain Management|1982|supply chain;scm
Logistics|1900|logistics management
Inventory Management|1900|stock control;inventory control
Warehouse Management|1970|warehousing;wms
Demand Planning|1970|s&op
Fleet Management|1950|
Import/Export|1900|customs;freight forwarding
Operations Management|1900|
Vendor Management|1950|supplier management
Contract Management|1950|contract negotiation
Human Resources|1900|!HR;hr generalist;human resource management;personnel management
Talent Acquisition|1990|recruitment;recruiting;recruiter;sourcing candidates
SHRM-CP|2014|shrm;shrm-scp
CIPD|1913|cipd qualified
Employee Relations|1950|labour relations;labor relations
Compensation and Benefits|1950|comp and ben;total rewards
Learning and Development|1950|l&d;training and development;corporate training
Onboarding|1990|employee onboarding
HRIS|1980|bamboohr;hr information systems
Performance Management|1950|performance reviews
Legal Counsel|1900|legal counsel;lawyer;attorney;solicitor
Paralegal|1960|legal assistant;paralegal studies
Litigation|1900|litigation support;disputes
Contract Law|1900|commercial contracts;contract drafting
Corporate Law|1900|company law
Employment Law|1900|labor law
Intellectual Property|1900|ip law;patents;trademarks
Bar Admission|1900|bar exam;admitted to the bar;licensed attorney
Data Protection|1995|privacy law;data privacy
Office Administration|1900|administrative support;office administration
Executive Assistance|1950|executive assistant;personal assistant
Reception|1900|receptionist;front desk;front of house
Data Entry|1960|
Microsoft Office|1990|ms office;office 365;microsoft 365
Microsoft PowerPoint|1987|powerpoint;ppt
Microsoft Outlook|1997|outlook
Google Workspace|2006|g suite;gsuite
Scheduling|1900|calendar management
Translation|1900|translator;translating
Interpreting|1900|interpreter
Proofreading|1900|proofreader;copy editing;editing
Journalism|1900|journalist
# healthcare
Registered Nurse|1901|rn;registered nurse;staff nurse;pflegefachkraft
Nurse Practitioner|1965|advanced practice nurse
Licensed Practical Nurse|1950|lpn;lvn
Nursing Assistant|1950|cna;certified nursing assistant;healthcare assistant;care assistant
Intensive Care|1953|icu;critical care;intensive care unit
Emergency Medicine|1970|emergency department;a&e
Cardiology|1900|cardiac;cardiac care
Oncology|1900|cancer care
Pediatrics|1900|paediatrics;pediatric;paediatric
Geriatrics|1900|elderly care;aged care
Mental Health|1900|psychiatric nursing;psychiatry
Midwifery|1900|midwife
Operating Room|1900|theatre nurse;scrub nurse;perioperative
Patient Care|1900|bedside care
Basic Life Support|1960|bls;cpr
Advanced Cardiac Life Support|1974|acls
Pharmacist|1900|pharmacy;licensed pharmacist;pharmd
Pharmacy Technician|1950|pharmacy tech
Physician|1900|doctor;medical doctor;general practitioner
Surgeon|1900|surgery
Anesthesiology|1900|anaesthetics;anesthesia
Radiology|1900|radiographer;radiologic technologist;x-ray
Medical Laboratory Science|1920|lab technician;medical laboratory technician;phlebotomy
Physiotherapy|1900|physiotherapist;physical therapy;physical therapist
HCPC Registration|2001|hcpc;hcpc registered
Occupational Therapy|1917|occupational therapist
Speech Therapy|1920|speech and language therapy;speech-language pathology
Dental Hygienist|1913|dental hygiene
Dentistry|1900|dentist;dental surgeon
Dental Assistant|1900|dental nurse
Optometry|1900|optometrist
Psychology|1900|psychologist;clinical psychology
Counseling|1900|counselling;counselor;therapist
Social Work|1900|social worker;msw;master's in social work
Child Protection|1900|safeguarding;child welfare
Caregiving|1900|caregiver;home care;care worker
Veterinary Medicine|1900|veterinarian;veterinary
Veterinary Nursing|1900|vet nurse;veterinary technician
Paramedic|1970|emt;emergency medical technician
Medical Coding|1980|icd-10;medical billing
Electronic Health Records|1990|ehr;emr systems;epic;cerner
Clinical Research|1900|clinical trials;cra;gcp clinical
Healthcare Administration|1900|hospital administration
Nutrition|1900|dietitian;nutritionist
Public Health|1900|epidemiology
# education
Teaching Certificate|1900|teaching certification;qualified teacher status;qts;pgce;teaching license;teaching credential
Teaching|1900|teacher;educator;classroom teaching
Early Childhood Education|1900|preschool;kindergarten;nursery teacher
Special Education|1900|special needs
ESL Teaching|1950|esl;tefl;tesol;celta;english as a second language
Curriculum Development|1900|curriculum design;lesson planning
Tutoring|1900|tutor
Instructional Design|1950|e-learning;elearning;lms
Academic Research|1900|phd
Classroom Management|1900|behaviour management
# trades
Electrician|1880|electrical work;electrical installation;wiring
Journeyman License|1900|journeyman;journeyman electrician
Plumbing|1900|plumber
Carpentry|1900|carpenter;joinery;joiner
Welding|1900|welder;mig welding;tig welding
HVAC|1900|heating and air conditioning;refrigeration
Masonry|1900|bricklaying;bricklayer
Painting and Decorating|1900|painter and decorator
Roofing|1900|roofer
Construction|1900|construction industry;building construction
Construction Management|1900|site management;site manager
Civil Engineering|1900|civil engineer;structural engineering
Mechanical Engineering|1900|mechanical engineer
Electrical Engineering|1900|electrical engineer
Chemical Engineering|1900|chemical engineer
Industrial Engineering|1900|industrial engineer
Manufacturing|1900|production line;manufacturing processes
Quality Control|1920|qc;quality inspection
Lean Manufacturing|1990|5s;tpm
CNC Machining|1970|cnc;machinist
Facilities Maintenance|1900|facilities maintenance;preventive maintenance
AutoCAD|1982|autocad 2d
SolidWorks|1995|solid works
CATIA|1982|
Revit|2000|bim
Siemens NX|2002|unigraphics
ANSYS|1970|finite element analysis;fea
PLC Programming|1968|plc;scada
Automotive Repair|1900|mechanic;auto mechanic;car mechanic
Forklift|1920|forklift license;forklift certification;forklift operator;fork lift
CDL Class A|1986|cdl;cdl-a;class a cdl;commercial driver's license
Truck Driving|1920|trucking;hgv;lorry driver;hgv licence
Delivery Driving|1920|courier;delivery driver
Heavy Equipment Operation|1920|excavator;crane operator
Health and Safety|1900|osha;nebosh;hse;occupational safety
First Aid|1900|first aid certificate
Food Safety|1900|food hygiene;haccp;food safety certificate;servsafe
Chef|1900|cook;sous chef;chef de partie;head chef;line cook
French Cuisine|1900|french cooking
Italian Cuisine|1900|italian cooking
Pastry|1900|pastry chef;baking;baker
Barista|1900|
Bartending|1900|bartender;mixology
Food Service|1900|waiter;waitress;front of house service
Hospitality|1900|hotel management;guest relations
Housekeeping|1900|cleaning;cleaner;janitorial
Retail|1900|retail store;shop assistant;sales associate
Visual Merchandising|1950|merchandising
Cashier|1900|cash handling;point of sale
Security Guard|1900|security officer;sia licence
Real Estate|1900|realtor;estate agent;property management
Tourism|1900|travel agent;tour guide
Aviation|1903|airline transport pilot
Air Traffic Control|1920|
Flight Attendant|1930|cabin crew
Maritime|1900|seafarer;deck officer
Agriculture|1900|farming;farm worker
Landscaping|1900|gardening;gardener;groundskeeper
Childcare|1900|nanny;babysitting;au pair
Fitness Training|1900|personal trainer;fitness instructor
Cosmetology|1900|hairdresser;hair stylist;beautician
Event Planning|1950|wedding planner
Photography Studio|1900|studio photography
Music Production|1950|audio engineering;sound engineer
Film Production|1900|film making;filmmaking
Voice Acting|1920|voiceover;voice over
Customer Onboarding|2000|implementation specialist
Technical Support|1980|it support;helpdesk;help desk;service desk;desktop support
IT Administration|1980|sysadmin;system administration;systems administrator;it administrator
Microsoft 365 Administration|2011|o365 admin;exchange online
Exchange Server|1996|microsoft exchange
Citrix|1989|citrix xenapp
Mobile Device Management|2005|mdm tools;intune;jamf
`;
