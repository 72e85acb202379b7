/** Swarm services' pure rules (zod-free), for the renderer: the Create dialog's fields into a create input. */
export * from '../services/service-form.js';
