metadata description = 'A monthly cost budget on the resource group, so that costs cannot rise unnoticed.'

@description('Required. Name of the budget.')
param name string

@description('Required. Monthly amount in the billing currency.')
@minValue(1)
param amount int

@description('Required. First day of the first budget month (yyyy-MM-01); it must not lie before the current month on first deployment.')
param startDate string

@description('Optional. Percentages of the amount at which actual spend notifies.')
param actualThresholds int[] = [50, 80, 100]

@description('Optional. Percentage of the amount at which forecast spend notifies.')
param forecastThreshold int = 100

@description('Optional. E-mail addresses notified besides the action group and the resource group owners.')
param contactEmails string[] = []

@description('Required. Action group notified at every threshold.')
param actionGroupId string

var recipients = {
  enabled: true
  operator: 'GreaterThanOrEqualTo'
  contactEmails: contactEmails
  contactGroups: [actionGroupId]
  contactRoles: ['Owner']
  locale: 'en-us'
}

var actualNotifications = toObject(
  actualThresholds,
  t => 'actual-${t}-percent',
  t => union(recipients, { threshold: t, thresholdType: 'Actual' })
)

var forecastNotification = {
  'forecast-${forecastThreshold}-percent': union(recipients, { threshold: forecastThreshold, thresholdType: 'Forecasted' })
}

resource budget 'Microsoft.Consumption/budgets@2023-11-01' = {
  name: name
  properties: {
    category: 'Cost'
    amount: amount
    timeGrain: 'Monthly'
    timePeriod: {
      startDate: startDate
    }
    notifications: union(actualNotifications, forecastNotification)
  }
}

@description('Resource ID of the budget.')
output resourceId string = budget.id
