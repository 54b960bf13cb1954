import { graphql } from '../../generated';
import type { PersonRecordQuery } from '../../generated/graphql';

/**
 * One query for the whole person page, the same for every role: the gateway withholds what a role
 * may not see and says why, and the page shows each withheld part as such.
 */
export const PERSON_RECORD = graphql(`
  query PersonRecord($nhs: NhsNumber!) {
    person(nhsNumber: $nhs) {
      nhsNumber
      knownTo
      demographics {
        givenName
        familyName
        dateOfBirth
        postcode
      }
      socialCare {
        clientId
        borough {
          code
          name
          dutyTeamPhone
        }
        caseStatus
        allocatedWorker {
          id
          name
          team
          phone
          email
        }
        currentCarePackage {
          id
          kind
          description
          provider
          startDate
          endDate
          hoursPerWeek
          weeklyCost
          status
        }
        services {
          id
          kind
          description
          provider
          startDate
          endDate
          hoursPerWeek
          status
        }
        assessments {
          id
          kind
          status
          startedOn
          completedOn
          outcome
        }
        childProtection {
          onPlan
          category
          planStart
          planEnd
          lookedAfter
          lookedAfterSince
          unbornChildPlan
          expectedDeliveryDate
          responsibleBorough {
            code
            name
            dutyTeamPhone
          }
          contact {
            id
            name
            team
            phone
            email
          }
        }
        safeguardingAlerts {
          id
          raisedOn
          concern
          status
        }
        contacts {
          id
          name
          relationship
          phone
          isCarer
          isEmergencyContact
        }
        caseNotes {
          id
          writtenAt
          author
          text
        }
        updatedAt
        changeNotices {
          id
          field
          targetLabel
          oldValue
          proposedValue
          proposedBy
          decidedBy
          decidedAt
        }
      }
      dischargeNotices {
        id
        kind
        hospital
        admittedAt
        plannedDischargeDate
        notes
        sentBy
        sentAt
        acknowledgedBy
        acknowledgedAt
        delayedDays
        stillInHospital
      }
      referrals {
        id
        service
        urgency
        reason
        consentReference
        status
        referredBy
        referrerOrg
        createdAt
        history {
          status
          reason
          by
          at
        }
      }
      health {
        registeredPractice {
          odsCode
          name
          phone
        }
        demographics {
          sex
        }
        conditions {
          id
          display
          clinicalStatus
          onset
          source
        }
        medications {
          id
          display
          dosage
          status
          start
        }
        allergies {
          id
          substance
          reaction
          criticality
          clinicalStatus
        }
        noKnownAllergies
        encounters {
          id
          kind
          hospital
          reason
          start
          end
          expectedDischargeDate
          status
          delayedDays
        }
        clinicalFlags {
          id
          kind
          display
          since
        }
        observations {
          id
          display
          value
          effective
        }
      }
      healthFlags {
        fallsRisk
        dementia
        learningDisability
        endOfLife
        recentAeAttendance
        currentAdmission {
          hospital
          admittedAt
          expectedDischargeDate
          delayedDays
        }
      }
      council {
        councilId
        councilName
        addressHistory {
          line
          postcode
          from
          to
        }
        housing {
          tenure
          landlord
          adaptations {
            description
            completedOn
            disabledFacilitiesGrant
          }
        }
        housingBenefit {
          claimReference
          status
          weeklyAward
          awardStart
          incomeStatement {
            periodStart
            periodEnd
            sources {
              kind
              weeklyAmount
            }
            totalWeekly
            capital
            verifiedOn
          }
        }
        councilTaxSupport {
          active
          weeklyReduction
          band
        }
      }
      consents {
        id
        flow
        state
        method
        recordedBy
        recordedByOrg
        recordedAt
        confirmBy
        expiresAt
        history {
          state
          at
          by
          byOrg
          note
        }
      }
      breakGlassUses {
        id
        user
        userName
        role
        reason
        detail
        at
        until
        status
      }
    }
  }
`);

export type PersonData = NonNullable<PersonRecordQuery['person']>;
export type SocialCareData = NonNullable<PersonData['socialCare']>;
export type HealthData = NonNullable<PersonData['health']>;
export type CouncilData = NonNullable<PersonData['council']>;
