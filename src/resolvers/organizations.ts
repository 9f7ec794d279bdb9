import type {
  ProgramLinkResolvers,
  BaseResolvers,
  CooperativeResolvers,
  CoverageResolvers,
  RectificationResolvers,
  EnterpriseResolvers,
  ProgramResolvers,
  SocialOrganizationResolvers,
} from '../generated/graphql.js';
import { labelOfKind } from '../model/kinds.js';
import { entityFields } from './entity.js';
import { neighbour, neighbours, relationEvidence, relations } from './relations.js';

export const Cooperative: CooperativeResolvers = {
  ...entityFields,
  ledBy: (coop, _args, ctx) => neighbours(ctx, coop, 'LEADS', 'IN', 'PartyOrganization'),
  village: (coop, _args, ctx) => neighbour(ctx, coop, 'LOCATED_IN', 'OUT', 'Village'),
  bases: (coop, _args, ctx) => neighbours(ctx, coop, 'OPERATES', 'OUT', 'Base'),
  partyUnits: (coop, _args, ctx) => neighbours(ctx, coop, 'LOCATED_IN', 'IN', 'PartyOrganization'),
};

export const Enterprise: EnterpriseResolvers = {
  ...entityFields,
  partners: (enterprise, _args, ctx) => neighbours(ctx, enterprise, 'PARTNERS_WITH', 'IN', 'PartyOrganization'),
  bases: (enterprise, _args, ctx) => neighbours(ctx, enterprise, 'OPERATES', 'OUT', 'Base'),
  coverage: (enterprise, _args, ctx) => relations(ctx, enterprise, 'COVERS', 'IN'),
  locatedIn: (enterprise, _args, ctx) => neighbour(ctx, enterprise, 'LOCATED_IN', 'OUT'),
  villagesReached: (enterprise, _args, ctx) => ctx.loaders.count.load({ id: enterprise.id, count: 'villagesReached' }),
};

export const Base: BaseResolvers = {
  ...entityFields,
  village: (base, _args, ctx) => neighbour(ctx, base, 'LOCATED_IN', 'OUT', 'Village'),
  operators: (base, _args, ctx) => neighbours(ctx, base, 'OPERATES', 'IN'),
  partyUnits: (base, _args, ctx) => neighbours(ctx, base, 'LOCATED_IN', 'IN', 'PartyOrganization'),
};

export const SocialOrganization: SocialOrganizationResolvers = {
  ...entityFields,
  coverage: (org, _args, ctx) => relations(ctx, org, 'COVERS', 'IN'),
  locatedIn: (org, _args, ctx) => neighbour(ctx, org, 'LOCATED_IN', 'OUT'),
};

export const Program: ProgramResolvers = {
  ...entityFields,
  officeFundsYuan: (program) => (typeof program.officeFunds === 'number' ? program.officeFunds : null),
  cadrePayYuan: (program) => (typeof program.cadrePay === 'number' ? program.cadrePay : null),
  groupCadreSubsidyYuan: (program) =>
    typeof program.groupCadreSubsidy === 'number' ? program.groupCadreSubsidy : null,
  implementers: (program, { kind }, ctx) =>
    neighbours(ctx, program, 'IMPLEMENTS', 'IN', kind ? labelOfKind(kind) : undefined),
  implementations: (program, _args, ctx) => relations(ctx, program, 'IMPLEMENTS', 'IN'),
};

export const ProgramLink: ProgramLinkResolvers = {
  entity: (l) => l.from,
  program: (l) => l.to,
  since: (l) => (typeof l.props.since === 'string' ? l.props.since : null),
  synthetic: (l) => l.props.synthetic === true,
  evidence: (l, _args, ctx) => relationEvidence(ctx, l),
};

const date = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const Rectification: RectificationResolvers = {
  organization: (r) => r.to,
  contact: (r) => r.from,
  since: (r) => date(r.props.since) ?? '',
  turnedRoundOn: (r) => date(r.props.turnedRoundOn),
  consolidatedOn: (r) => date(r.props.consolidatedOn),
  synthetic: (r) => r.props.synthetic === true,
  evidence: (r, _args, ctx) => relationEvidence(ctx, r),
};

export const Coverage: CoverageResolvers = {
  organization: (c) => c.from,
  target: (c) => c.to,
  mode: (c) => (typeof c.props.mode === 'string' ? (c.props.mode as never) : null),
  synthetic: (c) => c.props.synthetic === true,
  evidence: (c, _args, ctx) => relationEvidence(ctx, c),
};
