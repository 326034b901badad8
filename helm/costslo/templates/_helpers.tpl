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
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  # create/patch/delete: the <target>-spot companion; patch on the target: batch argument, replicas on deletion
  # list/watch: the informer the reconciler reads targets and companions from
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments/scale"]
  verbs: ["get", "update"]
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
{{- if .Values.rbac.readSecrets }}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}
{{- end -}}
