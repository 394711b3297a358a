import { installForgeGlobals } from '../../sandbox/forge-host/runtime-globals';

installForgeGlobals();
