{{- define "costslo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "costslo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "costslo.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "costslo.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "costslo.labels" -}}
app.kubernetes.io/name: {{ include "costslo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "costslo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "costslo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "costslo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "costslo.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The rules the operator needs on the namespaces it watches; nothing it does not call. */}}
{{- define "costslo.workloadRules" -}}
- apiGroups: ["costslo.io"]
  resources: ["inferencecostpolicies"]
  # patch: the finalizer that lets deletion restore the workload
  verbs: ["list", "watch", "patch"]
- apiGroups: ["costslo.io"]
  resources: ["inferencecostpolicies/status"]
  # update: decisions are written with the resourceVersion read (a stale copy is refused, not merged)
  verbs: ["patch", "update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  # create/patch/delete: the <target>-spot companion; patch on the target: replicas, batch argument, restore on deletion
  # list/watch: the informer the reconciler reads targets and companions from
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  # an HPA (or KEDA's) owning the target's replicas gets its bounds set instead
  verbs: ["list", "watch", "get", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["pods"]
  # watch: the spot-pod informer (label costslo.io/capacity-type=spot)
  verbs: ["list", "watch"]
- apiGroups: ["costslo.io"]
  resources: ["costquotas"]
  verbs: ["list", "watch"]
- apiGroups: ["costslo.io"]
  resources: ["costquotas/status"]
  verbs: ["patch"]
{{- end -}}

{{/*
Namespaces whose Secrets the operator may read (rbac.readSecrets): rbac.secretNamespaces, else the
watched namespaces. Never cluster-wide: with all namespaces watched, list them explicitly.
*/}}
{{- define "costslo.secretNamespaces" -}}
{{- $ns := .Values.rbac.secretNamespaces | default .Values.watchNamespaces -}}
{{- if and .Values.rbac.readSecrets (empty $ns) -}}
{{- fail "rbac.readSecrets would grant Secret reads in every namespace; list rbac.secretNamespaces (or set watchNamespaces)" -}}
{{- end -}}
{{- if .Values.rbac.readSecrets -}}
{{- join "," $ns -}}
{{- end -}}
{{- end -}}

{{/* Cluster-scoped kinds, granted only with a ClusterRole (watchNamespaces empty). */}}
{{- define "costslo.clusterRules" -}}
- apiGroups: ["costslo.io"]
  resources: ["clustercostquotas"]
  verbs: ["list", "watch"]
- apiGroups: ["costslo.io"]
  resources: ["clustercostquotas/status"]
  verbs: ["patch"]
- apiGroups: ["costslo.io"]
  resources: ["pricecatalogs"]
  verbs: ["list"]
- apiGroups: [""]
  resources: ["namespaces"]
  # a ClusterCostQuota's namespaceSelector (an informer)
  verbs: ["list", "watch"]
{{- end -}}

{{/* repository:tag, or repository@digest when a digest is set. */}}
{{- define "costslo.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/*
The alert rules, as a rule file's `groups:` (promtool checks this block). SLO burn uses the
per-cycle checks counter: the fraction of evaluated cycles whose observed percentile missed an
objective, over the error budget the policy's attainment leaves (multi-window burn rate).
*/}}
{{- define "costslo.alertGroups" -}}
{{- $r := .Values.prometheusRule -}}
groups:
  - name: costslo
    rules:
      - alert: CostSloBudgetBurn
        expr: max by (namespace, policy) (costslo_budget_used_ratio) > 1
        for: {{ $r.budgetFor }}
        labels:
          severity: warning
          {{- with $r.additionalLabels }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
        annotations:
          summary: "CostSLO policy {{`{{ $labels.namespace }}/{{ $labels.policy }}`}} is over budget"
          description: "Budget used is {{`{{ $value | humanizePercentage }}`}} (the larger of spend / maxUsdPerHour and CPT / maxUsdPerMillionTokens) for {{ $r.budgetFor }}. See kubectl describe icp -n {{`{{ $labels.namespace }} {{ $labels.policy }}`}}."
      - alert: CostSloSloBurn
        expr: |
          (
            sum by (namespace, policy) (rate(costslo_slo_checks_total{result="missed"}[{{ $r.sloShortWindow }}]))
              / sum by (namespace, policy) (rate(costslo_slo_checks_total[{{ $r.sloShortWindow }}]))
          ) / on (namespace, policy) (1 - max by (namespace, policy) (costslo_slo_attainment_objective)) > {{ $r.sloBurnRate }}
          and
          (
            sum by (namespace, policy) (rate(costslo_slo_checks_total{result="missed"}[{{ $r.sloLongWindow }}]))
              / sum by (namespace, policy) (rate(costslo_slo_checks_total[{{ $r.sloLongWindow }}]))
          ) / on (namespace, policy) (1 - max by (namespace, policy) (costslo_slo_attainment_objective)) > {{ $r.sloBurnRate }}
        labels:
          severity: critical
          {{- with $r.additionalLabels }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
        annotations:
          summary: "CostSLO policy {{`{{ $labels.namespace }}/{{ $labels.policy }}`}} burns its latency error budget {{ $r.sloBurnRate }}x too fast"
          description: "Cycles missing the TTFT/ITL objective over {{ $r.sloShortWindow }} and {{ $r.sloLongWindow }} exceed {{ $r.sloBurnRate }} times the budget the policy's attainment allows."
      - alert: CostSloMetricsUnavailable
        expr: sum by (namespace, policy, reason) (increase(costslo_metrics_failures_total[{{ $r.metricsUnavailableFor }}])) > 0
        for: {{ $r.metricsUnavailableFor }}
        labels:
          severity: warning
          {{- with $r.additionalLabels }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
        annotations:
          summary: "CostSLO holds the plan of {{`{{ $labels.namespace }}/{{ $labels.policy }}`}}: metrics unavailable ({{`{{ $labels.reason }}`}})"
          description: "The operator cannot act on this policy's metrics; it keeps the current plan. Run costslo observe -f <policy.yaml> to see why."
      - alert: CostSloOperatorDown
        expr: absent(costslo_build_info)
        for: {{ $r.operatorDownFor }}
        labels:
          severity: critical
          {{- with $r.additionalLabels }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
        annotations:
          summary: "No CostSLO operator has reported for {{ $r.operatorDownFor }}"
          description: "Prometheus scrapes no costslo_build_info series: the operator is down or not scraped (metrics.serviceMonitor/podMonitor). Policies are not enforced meanwhile."
{{- end -}}
