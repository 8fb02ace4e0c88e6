metadata description = 'Alerts that need a human: dead-lettered messages (seen by Service Bus and by the recorder functions), a function failure rate, failed orchestrations and orders needing attention, all routed through one action group.'

@description('Required. Name of the action group.')
param actionGroupName string

@description('Required. Prefix of alert rule names.')
param namePrefix string

@description('Required. Azure region of the log search alert rules.')
param location string

@description('Optional. E-mail address that receives alerts; empty for an action group without receivers (add them later in the portal).')
param alertEmail string = ''

@description('Required. Resource ID of the Service Bus namespace.')
param serviceBusNamespaceId string

@description('Required. Topics whose subscriptions are watched for dead-lettered messages.')
param topicNames string[]

@description('Required. Resource ID of the Application Insights component.')
param applicationInsightsId string

@description('Required. Name of the function app (cloud_RoleName in Application Insights).')
param functionAppName string

@description('Optional. Percentage of failed function executions in 15 minutes that raises an alert.')
@minValue(1)
@maxValue(100)
param failureRatePercent int = 5

@description('Optional. Tags applied to every resource.')
param tags resourceInput<'Microsoft.Insights/actionGroups@2023-01-01'>.tags = {}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    enabled: true
    groupShortName: take(replace(actionGroupName, '-', ''), 12)
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'owner'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Azure Monitor reports DeadletteredMessages per queue or topic (dimension EntityName): a topic's value is the sum
// over its subscriptions, so "> 0" fires when any subscription of the topic dead-letters a message. The
// DeadLetterRecorder's table and the alert's dimension name the topic; the recorder names the subscription.
resource deadLetterAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for topicName in topicNames: {
    name: '${namePrefix}dead-letters-${topicName}'
    location: 'global'
    tags: tags
    properties: {
      description: 'A message was dead-lettered in a subscription of topic ${topicName}. Inspect it through the dead-letter API and replay or discard it (docs/runbook.md).'
      severity: 2
      enabled: true
      scopes: [serviceBusNamespaceId]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT5M'
      autoMitigate: true
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'DeadLetteredMessages'
            metricNamespace: 'Microsoft.ServiceBus/namespaces'
            metricName: 'DeadletteredMessages'
            dimensions: [
              {
                name: 'EntityName'
                operator: 'Include'
                values: [topicName]
              }
            ]
            operator: 'GreaterThan'
            threshold: 0
            timeAggregation: 'Maximum'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

// The metric above is sampled once a minute, and the recorder functions usually move a dead letter into the table
// within seconds, so the metric can miss it. Every recorder is a function named Record<Subscription>DeadLetter (a test
// in the app holds that convention), and each of its runs is a dead letter: this alert cannot miss one.
resource deadLettersRecordedAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}dead-letters-recorded'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    description: 'A dead-lettered message was recorded in the DeadLetters table. List it with GET /api/dead-letters, then replay or discard it (docs/runbook.md).'
    severity: 2
    enabled: true
    scopes: [applicationInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'requests | where cloud_RoleName =~ \'${functionAppName}\' | where name matches regex \'^Record.+DeadLetter$\''
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}

resource failureRateAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}function-failure-rate'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    description: 'More than ${failureRatePercent}% of function executions failed in the last 15 minutes.'
    severity: 2
    enabled: true
    scopes: [applicationInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'requests | where cloud_RoleName =~ \'${functionAppName}\' | summarize total = count(), failed = countif(success == false) | where total >= 10 and failed * 100.0 / total > ${failureRatePercent}'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}

resource failedOrchestrationsAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}failed-orchestrations'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    description: 'A Durable orchestration (the fulfillment saga) ended in the Failed state: compensation itself failed or the orchestrator threw.'
    severity: 1
    enabled: true
    scopes: [applicationInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'traces | where cloud_RoleName =~ \'${functionAppName}\' | where customDimensions.Category == \'Host.Triggers.DurableTask\' | where customDimensions.prop__functionType == \'Orchestrator\' and customDimensions.prop__state == \'Failed\''
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}

@description('Resource ID of the action group (the budget notifies it too).')
output actionGroupId string = actionGroup.id

// The saga counts orders.needs_attention when a step after the shipment booking (capture, an announcement) exhausted
// its retries. The counter is exported by the app's OpenTelemetry meter and lands in customMetrics; the log line that
// goes with it needs no Service Bus, so this fires during a bus outage too.
resource needsAttentionAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}needs-attention'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    description: 'An order is booked for shipping but capture or an announcement keeps failing; it waits in NeedsAttention. Fix the cause, then POST /api/fulfillment/{id}/resume (docs/runbook.md).'
    severity: 2
    enabled: true
    scopes: [applicationInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where cloud_RoleName =~ \'${functionAppName}\' | where name == \'orders.needs_attention\''
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}
