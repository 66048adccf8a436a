{{/* The four services and the console: the values key, the command the image runs, the processors
with their consumer group suffix and input topic (env id and default name) — the lag KEDA scales
on. The console has none: it owns no partition and reads its views whole on every replica. */}}
{{- define "riskline.services" -}}
tagger:
  name: tagger
  processors:
    - { group: tagger, topicId: EVENTS, topic: soc.events }
    - { group: correlator, topicId: CORRELATION_INPUTS, topic: soc.correlation.inputs }
riskAccumulator:
  name: risk-accumulator
  processors:
    - { group: risk-accumulator, topicId: RISK_CONTRIBUTIONS, topic: soc.risk.contributions }
dispositionIngestor:
  name: disposition-ingestor
  processors:
    - { group: disposition-router, topicId: DISPOSITIONS, topic: soc.dispositions }
    - { group: disposition-store, topicId: DISPOSITIONS_BY_RULE, topic: soc.dispositions.by-rule }
    - { group: rule-state-relay, topicId: RULE_STATE, topic: soc.rule-state }
attributionWorker:
  name: attribution-worker
  processors:
    - { group: attribution-worker, topicId: ATTACKER_OBSERVATIONS, topic: soc.attacker.observations }
console:
  name: console
  processors: []
{{- end }}

{{- define "riskline.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{- define "riskline.labels" -}}
app.kubernetes.io/name: riskline
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "riskline.selector" -}}
app.kubernetes.io/name: riskline
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end }}

{{- define "riskline.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The API token: as given, else the one already in the release's Secret, else a new one. */}}
{{- define "riskline.apiToken" -}}
{{- if .Values.auth.apiToken -}}
{{- .Values.auth.apiToken -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "riskline.secretName" .) -}}
{{- if and $existing (index ($existing.data | default dict) "api-token") -}}
{{- index $existing.data "api-token" | b64dec -}}
{{- else -}}
{{- randAlphaNum 40 -}}
{{- end -}}
{{- end -}}
{{- end }}

{{- define "riskline.secretName" -}}
{{ .Values.auth.existingSecret | default (printf "%s-secrets" (include "riskline.fullname" .)) }}
{{- end }}

{{/* Refuses values the services could not run with, with the message an operator reads. */}}
{{- define "riskline.validate" -}}
{{- if not .Values.kafka.brokers -}}
{{- fail "kafka.brokers is required: the Kafka bootstrap servers, e.g. kafka-0.kafka:9092,kafka-1.kafka:9092" -}}
{{- end -}}
{{- if not .Values.redis.url -}}
{{- fail "redis.url is required: redis://host:6379, or rediss://host:6380 for TLS" -}}
{{- end -}}
{{- if and .Values.kafka.sasl.mechanism (not .Values.kafka.sasl.username) -}}
{{- fail "kafka.sasl.username is required with kafka.sasl.mechanism" -}}
{{- end -}}
{{- if and (or .Values.kafka.tls.ca .Values.kafka.tls.clientCert) (not .Values.kafka.tls.enabled) -}}
{{- fail "kafka.tls.ca / kafka.tls.clientCert need kafka.tls.enabled: true" -}}
{{- end -}}
{{- if and .Values.redis.ca (not (hasPrefix "rediss://" .Values.redis.url)) -}}
{{- fail "redis.ca needs a rediss:// redis.url" -}}
{{- end -}}
{{- if not .Values.auth.existingSecret -}}
{{- $a := .Values.auth -}}
{{- range $need := list (list .Values.kafka.sasl.mechanism $a.kafkaSaslPassword "kafka.sasl.mechanism" "auth.kafkaSaslPassword") (list .Values.redis.password $a.redisPassword "redis.password" "auth.redisPassword") (list .Values.kafka.tls.ca $a.kafkaCa "kafka.tls.ca" "auth.kafkaCa") (list .Values.kafka.tls.clientCert $a.kafkaClientCert "kafka.tls.clientCert" "auth.kafkaClientCert") (list .Values.kafka.tls.clientCert $a.kafkaClientKey "kafka.tls.clientCert" "auth.kafkaClientKey") (list .Values.redis.ca $a.redisCa "redis.ca" "auth.redisCa") -}}
{{- if and (index $need 0) (not (index $need 1)) -}}
{{- fail (printf "%s is set, so %s is required (or put it in auth.existingSecret)" (index $need 2) (index $need 3)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.hpa.enabled .Values.autoscaling.keda.enabled -}}
{{- fail "autoscaling: enable either hpa or keda, not both (they would fight over replicas)" -}}
{{- end -}}
{{- $partitions := int .Values.partitions -}}
{{- range $key, $svc := include "riskline.services" . | fromYaml -}}
{{- $values := index $.Values.services $key -}}
{{- if and $values.enabled $svc.processors (gt (int $values.replicas) $partitions) -}}
{{- fail (printf "services.%s.replicas is %d but there are only %d partitions: instances beyond the partition count would own nothing. Raise partitions (new clusters only) or lower replicas." $key (int $values.replicas) $partitions) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.keda.enabled (gt (int .Values.autoscaling.keda.maxReplicas) $partitions) -}}
{{- fail (printf "autoscaling.keda.maxReplicas is %d but there are only %d partitions: KEDA would add instances that own nothing." (int .Values.autoscaling.keda.maxReplicas) $partitions) -}}
{{- end -}}
{{- if and .Values.autoscaling.hpa.enabled (gt (int .Values.autoscaling.hpa.maxReplicas) $partitions) -}}
{{- fail (printf "autoscaling.hpa.maxReplicas is %d but there are only %d partitions." (int .Values.autoscaling.hpa.maxReplicas) $partitions) -}}
{{- end -}}
{{- end }}

{{/* The connection environment every container shares (services and the topic job). */}}
{{- define "riskline.connectionEnv" -}}
- name: KAFKA_BROKERS
  value: {{ .Values.kafka.brokers | quote }}
- name: KAFKA_SSL
  value: {{ .Values.kafka.tls.enabled | quote }}
{{- if .Values.kafka.tls.enabled }}
- name: KAFKA_SSL_REJECT_UNAUTHORIZED
  value: {{ .Values.kafka.tls.rejectUnauthorized | quote }}
{{- end }}
{{- if .Values.kafka.tls.ca }}
- name: KAFKA_SSL_CA_FILE
  value: /etc/riskline/secrets/kafka-ca.pem
{{- end }}
{{- if .Values.kafka.tls.clientCert }}
- name: KAFKA_SSL_CERT_FILE
  value: /etc/riskline/secrets/kafka-client.pem
- name: KAFKA_SSL_KEY_FILE
  value: /etc/riskline/secrets/kafka-client.key
{{- end }}
{{- if .Values.kafka.sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ .Values.kafka.sasl.username | quote }}
- name: KAFKA_SASL_PASSWORD_FILE
  value: /etc/riskline/secrets/kafka-sasl-password
{{- end }}
- name: REDIS_URL
  value: {{ .Values.redis.url | quote }}
{{- if .Values.redis.username }}
- name: REDIS_USERNAME
  value: {{ .Values.redis.username | quote }}
{{- end }}
{{- if .Values.redis.password }}
- name: REDIS_PASSWORD_FILE
  value: /etc/riskline/secrets/redis-password
{{- end }}
{{- if hasPrefix "rediss://" .Values.redis.url }}
- name: REDIS_TLS_REJECT_UNAUTHORIZED
  value: {{ .Values.redis.tlsRejectUnauthorized | quote }}
{{- end }}
{{- if .Values.redis.ca }}
- name: REDIS_TLS_CA_FILE
  value: /etc/riskline/secrets/redis-ca.pem
{{- end }}
{{- range $id, $name := .Values.topicNames }}
- name: RISKLINE_TOPIC_{{ $id }}
  value: {{ $name | quote }}
{{- end }}
{{- end }}

{{/* Secret files the connection needs, mounted read-only at /etc/riskline/secrets. */}}
{{- define "riskline.secretItems" -}}
{{- if .Values.kafka.tls.ca }}
- { key: kafka-ca.pem, path: kafka-ca.pem }
{{- end }}
{{- if .Values.kafka.tls.clientCert }}
- { key: kafka-client.pem, path: kafka-client.pem }
- { key: kafka-client.key, path: kafka-client.key }
{{- end }}
{{- if .Values.kafka.sasl.mechanism }}
- { key: kafka-sasl-password, path: kafka-sasl-password }
{{- end }}
{{- if .Values.redis.password }}
- { key: redis-password, path: redis-password }
{{- end }}
{{- if .Values.redis.ca }}
- { key: redis-ca.pem, path: redis-ca.pem }
{{- end }}
{{- end }}

{{- define "riskline.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "riskline.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
